import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exampleFile, GENERATED_DIRS, importFile, renderDocs } from '../../scripts/generate-docs';
import { vendors } from '../../src/registry';

const root = join(__dirname, '..', '..');
const docs = join(root, 'docs');

/** Resources Terraform cannot import: the PCE shows a pairing key once; the others own no remote object of their own. */
const NOT_IMPORTABLE = ['secops_illumio_pairing_key', 'secops_illumio_provision', 'secops_carbonblack_template_rules'];

/** The generated pages as committed: docs/index.md and the generated folders (docs/guides is hand-written). */
function committed(): Record<string, string> {
  const files = ['index.md', ...GENERATED_DIRS.flatMap(dir => existsSync(join(docs, dir))
    ? readdirSync(join(docs, dir), { recursive: true, encoding: 'utf8' }).map(file => join(dir, file))
    : [])];
  return Object.fromEntries(files.sort().map(file => [relative(docs, join(docs, file)), readFileSync(join(docs, file), 'utf8')]));
}

const resources = vendors.flatMap(v => v.resources.map(r => r.typeName));
const dataSources = vendors.flatMap(v => v.dataSources.map(d => d.typeName));
const functions = vendors.flatMap(v => (v.functions ?? []).map(f => f.name));

test('docs/ is what the generator makes of the current schema and examples (run `npx projen docs` when this fails)', () => {
  const fresh = renderDocs();
  expect(Object.keys(committed()).sort()).toEqual(Object.keys(fresh).sort());
  for (const [path, text] of Object.entries(committed())) expect({ path, text }).toEqual({ path, text: fresh[path] });
});

test.each([
  ...resources.map(name => ['resource', name] as const),
  ...dataSources.map(name => ['data-source', name] as const),
  ...functions.map(name => ['function', name] as const),
])('%s %s has an example', (kind, name) => {
  expect(existsSync(join(root, exampleFile(kind, name)))).toBe(true);
});

test.each(resources.filter(name => !NOT_IMPORTABLE.includes(name)))('%s has import.sh in the documented form', name => {
  const text = readFileSync(join(root, importFile(name)), 'utf8');
  expect(text).toMatch(new RegExp(`^terraform import ${name}\\.example \\S+\\n$`));
});

test('no example folder names a type the provider does not have', () => {
  const known = { 'resources': resources, 'data-sources': dataSources, 'functions': functions };
  for (const [folder, names] of Object.entries(known)) {
    expect(readdirSync(join(root, 'examples', folder)).sort()).toEqual([...names].sort());
  }
});

test('the pages hold no machine-specific paths or generation dates', () => {
  const today = new Date().toISOString().slice(0, 10);
  for (const [path, text] of Object.entries(renderDocs())) {
    const hits = [root, tmpdir(), homedir(), today].filter(fragment => text.includes(fragment));
    expect({ path, hits }).toEqual({ path, hits: [] });
  }
});

test('README links every resource page', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const missing = resources.filter(name => !readme.includes(`(docs/resources/${name.slice('secops_'.length)}.md)`));
  expect(missing).toEqual([]);
});

/** Linked from README before it exists on this branch: the review checks guide comes with its own change. */
const PENDING_LINKS = ['docs/guides/review-checks.md'];

test('relative links in README.md and docs/ point at files that exist', () => {
  const pages = ['README.md', ...readdirSync(docs, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.md')).map(f => join('docs', f))];
  const broken: string[] = [];
  for (const page of pages) {
    for (const [, target] of readFileSync(join(root, page), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const path = relative(root, join(root, page, '..', target));
      if (!existsSync(join(root, path)) && !PENDING_LINKS.includes(path)) broken.push(`${page} -> ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
