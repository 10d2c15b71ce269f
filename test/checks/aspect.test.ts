import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { sarifProblems } from './sarif-schema';
import { SecopsChecks, SecopsProvider, SecopsSuppressions, illumio, nomad } from '../../src';
import { SUPPRESSION_METADATA } from '../../src/checks/aspect';
import { PACKS } from '../../src/checks/packs';

/** A stack with one Nomad rule that grants management to everyone (an error finding) and one that warns. */
function riskyStack(app: App): { stack: TerraformStack; everyone: nomad.AclBindingRule } {
  const stack = new TerraformStack(app, 'access');
  new SecopsProvider(stack, 'secops');
  const everyone = new nomad.AclBindingRule(stack, 'everyone', { authMethod: 'okta', bindType: 'management' });
  new nomad.AclBindingRule(stack, 'break-glass', { authMethod: 'okta', bindType: 'management', selector: 'value.sub == "ops"' });
  return { stack, everyone };
}

function sarifOf(outdir: string, stack = 'access'): { runs: { results: Record<string, unknown>[]; tool: { driver: { rules: { id: string }[] } } }[] } {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'secops-checks.sarif'), 'utf8'));
}

describe('SecopsChecks', () => {
  test('an error finding fails the synthesis, naming the construct and the rule', () => {
    const { stack } = riskyStack(Testing.app());
    Aspects.of(stack).add(new SecopsChecks());
    expect(() => Testing.fullSynth(stack)).toThrow(/\[access\/everyone\] \[nomad-management-without-selector\] Every identity that logs in through auth method "okta" gets a management token/);
  });

  test('added to the app, it checks every stack (cdktf runs only a stack\'s own aspects; SecopsProvider forwards)', () => {
    const app = Testing.app();
    riskyStack(app);
    Aspects.of(app).add(new SecopsChecks());
    expect(() => app.synth()).toThrow(/nomad-management-without-selector/);
  });

  test('warnings and notes are annotations that do not fail; the SARIF beside cdk.tf.json is valid and lists them', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'access');
    new SecopsProvider(stack, 'secops');
    new nomad.AclBindingRule(stack, 'break-glass', { authMethod: 'okta', bindType: 'management', selector: 'value.sub == "ops"' });
    new illumio.RuleSet(stack, 'core', { name: 'core', scopes: [{}] });
    Aspects.of(app).add(new SecopsChecks());
    const outdir = Testing.fullSynth(stack);

    const annotations = stack.node.findAll()
      .flatMap(node => node.node.metadata.map(m => ({ path: node.node.path, type: m.type, data: String(m.data) })));
    expect(annotations).toEqual(expect.arrayContaining([
      { path: 'access/break-glass', type: '@cdktf/warn', data: expect.stringContaining('[nomad-management-binding]') },
      { path: 'access/core', type: '@cdktf/info', data: expect.stringContaining('[illumio-rule-set-scope-all]') },
    ]));
    expect(existsSync(join(outdir, 'stacks', 'access', 'cdk.tf.json'))).toBe(true);
    const sarif = sarifOf(outdir);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map(r => [r.ruleId, r.level])).toEqual([
      ['nomad-management-binding', 'warning'],
      ['illumio-rule-set-scope-all', 'note'],
    ]);
    expect(sarif.runs[0]!.tool.driver.rules.map(r => r.id)).toEqual(SecopsChecks.ruleIds());
  });

  test('packs pick the rules: the illumio pack ignores the Nomad error', () => {
    const { stack } = riskyStack(Testing.app());
    Aspects.of(stack).add(new SecopsChecks({ packs: ['illumio'] }));
    const outdir = Testing.fullSynth(stack);
    expect(sarifOf(outdir).runs[0]!.results).toEqual([]);
    expect(() => new SecopsChecks({ packs: ['nomda'] })).toThrow(/^Unknown secops rule pack "nomda"; the packs are "all", "nomad", "illumio"/);
    expect(SecopsChecks.packNames()).toEqual(['all', ...PACKS.map(pack => pack.name)]);
    expect(SecopsChecks.packNames()).toEqual(expect.arrayContaining(['nomad', 'illumio']));
  });

  test('a stack without findings synthesizes, and writeSarif: false writes no file', () => {
    const stack = new TerraformStack(Testing.app(), 'access');
    new SecopsProvider(stack, 'secops');
    new nomad.AclBindingRule(stack, 'eng', { authMethod: 'okta', bindType: 'role', bindName: 'engineer', selector: '"eng" in list.groups' });
    Aspects.of(stack).add(new SecopsChecks({ writeSarif: false }));
    const outdir = Testing.fullSynth(stack);
    expect(existsSync(join(outdir, 'stacks', 'access', 'secops-checks.sarif'))).toBe(false);
  });
});

describe('SecopsSuppressions', () => {
  test('with a reason: the finding no longer fails synth, and the reason is in the metadata and the SARIF', () => {
    const { stack, everyone } = riskyStack(Testing.app());
    SecopsSuppressions.addToConstruct(everyone, [{ ruleId: 'nomad-management-without-selector', reason: 'Lab cluster with no data; rebuilt nightly' }]);
    Aspects.of(stack).add(new SecopsChecks());
    const outdir = Testing.fullSynth(stack);

    expect(everyone.node.metadata.filter(m => m.type === SUPPRESSION_METADATA).map(m => m.data)).toEqual([
      { ruleId: 'nomad-management-without-selector', reason: 'Lab cluster with no data; rebuilt nightly' },
    ]);
    expect(everyone.node.metadata.filter(m => m.type === '@cdktf/error')).toEqual([]);
    const sarif = sarifOf(outdir);
    expect(sarifProblems(sarif)).toEqual([]);
    const suppressed = sarif.runs[0]!.results.find(r => r.ruleId === 'nomad-management-without-selector');
    expect(suppressed?.suppressions).toEqual([{
      kind: 'inSource', status: 'accepted', justification: 'Lab cluster with no data; rebuilt nightly', location: { logicalLocations: [{ fullyQualifiedName: 'access/everyone' }] },
    }]);
  });

  test('on a stack, it covers every construct in it', () => {
    const { stack } = riskyStack(Testing.app());
    SecopsSuppressions.addToConstruct(stack, [
      { ruleId: 'nomad-management-without-selector', reason: 'Sandbox stack' },
      { ruleId: 'nomad-management-binding', reason: 'Sandbox stack' },
    ]);
    Aspects.of(stack).add(new SecopsChecks());
    const results = sarifOf(Testing.fullSynth(stack)).runs[0]!.results;
    expect(results.map(r => [r.ruleId, (r.suppressions as { justification: string }[])[0]!.justification])).toEqual([
      ['nomad-management-without-selector', 'Sandbox stack'],
      ['nomad-management-binding', 'Sandbox stack'],
    ]);
  });

  test('without a reason: refused, and the finding still fails synth', () => {
    const { stack, everyone } = riskyStack(Testing.app());
    expect(() => SecopsSuppressions.addToConstruct(everyone, [{ ruleId: 'nomad-management-without-selector', reason: ' ' }]))
      .toThrow('Suppressing "nomad-management-without-selector" on access/everyone needs a reason: say why the finding is acceptable here');
    expect(() => SecopsSuppressions.addToConstruct(everyone, [{ ruleId: 'nomad-no-such-rule', reason: 'x' }])).toThrow(/no such secops rule/);
    Aspects.of(stack).add(new SecopsChecks());
    expect(() => Testing.fullSynth(stack)).toThrow(/nomad-management-without-selector/);
  });

  test('a reasonless suppression written straight into the metadata is ignored, with a warning', () => {
    const { stack, everyone } = riskyStack(Testing.app());
    everyone.node.addMetadata(SUPPRESSION_METADATA, { ruleId: 'nomad-management-without-selector' });
    Aspects.of(stack).add(new SecopsChecks());
    expect(() => Testing.fullSynth(stack)).toThrow(/nomad-management-without-selector/);
    expect(everyone.node.metadata.filter(m => m.type === '@cdktf/warn').map(m => m.data)).toContain(
      'secops: the suppression of nomad-management-without-selector has no reason and is ignored; add it with SecopsSuppressions.addToConstruct',
    );
  });
});
