import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rule, severityAt } from '../../src/checks/model';
import { PACKS, registryTypeNames } from '../../src/checks/packs';
import { vendors } from '../../src/registry';

const RULES_DIR = join(__dirname, '..', '..', 'src', 'checks', 'rules');
const GUIDE = join(__dirname, '..', '..', 'docs', 'guides', 'review-checks.md');

function isRule(value: unknown): value is Rule {
  const candidate = value as Partial<Rule> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.id === 'string' && typeof candidate.check === 'function';
}

/** Every rule exported by a file of src/checks/rules/<vendor>/, with its file name. */
function ruleFiles(): { vendor: string; file: string; rule: Rule }[] {
  return readdirSync(RULES_DIR).flatMap(vendor => readdirSync(join(RULES_DIR, vendor))
    .filter(file => file.endsWith('.ts') && file !== 'index.ts')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .flatMap(file => Object.values(require(join(RULES_DIR, vendor, file)) as Record<string, unknown>).filter(isRule)
      .map(rule => ({ vendor, file: file.replace(/\.ts$/, ''), rule }))));
}

describe('rule packs and the provider registry (src/registry.ts)', () => {
  const rules = PACKS.flatMap(pack => pack.rules.map(rule => ({ pack: pack.name, rule })));

  test('every vendor of the registry has a pack, and every pack is a vendor', () => {
    expect(PACKS.map(pack => pack.name).sort()).toEqual(vendors.map(vendor => vendor.name).sort());
  });

  test('every rule lives in src/checks/rules/<vendor>/<id>.ts, and every rule file is in its pack', () => {
    const files = ruleFiles();
    expect(files.map(f => `${f.vendor}/${f.file}`).sort()).toEqual(files.map(f => `${f.vendor}/${f.rule.id}`).sort());
    expect(files.map(f => `${f.vendor}/${f.rule.id}`).sort()).toEqual(rules.map(r => `${r.pack}/${r.rule.id}`).sort());
    expect(new Set(rules.map(r => r.rule.id)).size).toBe(rules.length);
  });

  test.each(PACKS.map(pack => [pack.name, pack] as const))('%s: resourceTypes and nouns are type names of the registry', (name, pack) => {
    const types = registryTypeNames(name);
    expect(types.length).toBeGreaterThan(0);
    for (const rule of pack.rules) {
      expect({ rule: rule.id, unknown: rule.resourceTypes.filter(type => !types.includes(type)) }).toEqual({ rule: rule.id, unknown: [] });
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
    expect(Object.keys(pack.nouns ?? {}).filter(type => !types.includes(type))).toEqual([]);
  });

  test('the Illumio pack names every Illumio resource type of the registry', () => {
    const illumio = PACKS.find(pack => pack.name === 'illumio')!;
    const resources = vendors.find(vendor => vendor.name === 'illumio')!.resources.map(r => r.typeName);
    expect(Object.keys(illumio.nouns!).sort()).toEqual([...resources].sort());
    expect(illumio.nouns!.secops_illumio_ven).toBe('VEN');
    expect(illumio.nouns!.secops_illumio_label_group).toBe('label group');
  });

  test('docs/guides/review-checks.md lists every rule once, with its severity at each level', () => {
    const rows = readFileSync(GUIDE, 'utf8').split('\n')
      .map(line => /^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \| ./.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, id, baseline, strict]) => `${id} ${baseline} ${strict}`);
    expect(rows.sort()).toEqual(rules.map(({ rule }) => `${rule.id} ${severityAt(rule, 'baseline')} ${severityAt(rule, 'strict')}`).sort());
  });
});
