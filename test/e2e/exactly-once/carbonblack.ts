import { Census, censusOf, FaultScenario } from './harness';
import { ANY_SCOPE, CarbonBlackSimulator, DEFAULT_POLICY_ID, StoredPolicy, StoredScope, StoredTemplate } from '../../../src/simulators/carbonblack';

/** Rule references: rule id and action. */
type RuleRefs = ReadonlyArray<readonly [string, string]>;

const SCOPES = 10;
const PHASES = ['any', 'build', 'deployed'];
/** Rules of the simulator's catalogue with an action each supports, a few per policy. */
const RULES: RuleRefs = [
  ['privileged', 'block'], ['host-network', 'alert'], ['run-as-non-root', 'enforce'], ['privilege-escalation', 'alert'],
  ['read-only-root-filesystem', 'alert'], ['critical-vulnerabilities', 'block'], ['deny-ephemeral-containers', 'alert'],
];
const TEMPLATE_RULES: RuleRefs = [['run-as-non-root', 'enforce']];
const ADDED_RULES: RuleRefs = [['host-network', 'block'], ['privilege-escalation', 'alert']];

interface ScopeSpec { readonly name: string; readonly phase: string; readonly clusters: string[]; readonly namespaces: string[] }
interface PolicySpec { readonly name: string; readonly scope: number; readonly status: string; readonly rules: RuleRefs }

const scopes: readonly ScopeSpec[] = Array.from({ length: SCOPES }, (_, i) => ({
  name: `eo-scope-${i}`,
  phase: PHASES[i % PHASES.length]!,
  clusters: [`eo-cluster-${i}`],
  namespaces: i % 2 === 0 ? ['*'] : ['payments', `team-${i}`],
}));

const policies: readonly PolicySpec[] = scopes.map((_, i) => ({
  name: `eo-policy-${i}`,
  scope: i,
  status: i % 3 === 0 ? 'disabled' : 'enabled',
  rules: [0, 1, 2].slice(0, 1 + (i % 3)).map((k) => RULES[(i + k) % RULES.length]!),
}));

/**
 * Carbon Black Cloud guardrails through faults: ten scopes, a policy on each (with one to three
 * catalogue rules), a custom template and rules added to it (add_rules). 22 resources. The census
 * leaves out the seeded objects: the protected "Any" scope, its default policy, built-in templates.
 * The simulator's per-source-IP rate limit is off here, so every 429 is an injected one.
 */
export function carbonBlackScenario(): FaultScenario {
  // env {} and no limit: neither SECOPS_SIM_* variables nor a rate limit of the environment add faults.
  const cbc = new CarbonBlackSimulator({ rateLimitPerMinute: 0, env: {} });
  return {
    name: 'carbonblack',
    start: async () => { await cbc.start(); },
    stop: () => cbc.stop(),
    simulators: () => [cbc],
    env: () => ({ CBC_URL: cbc.url, CBC_ORG_KEY: cbc.orgKey, CBC_API_ID: cbc.apiId, CBC_API_SECRET: cbc.apiSecret }),
    config,
    expected,
    census: async () => census(cbc),
  };
}

function config(): string {
  const list = (items: readonly string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
  const ruleBlocks = (rules: RuleRefs) =>
    rules.map(([id, action]) => `  rule {\n    rule_id = "${id}"\n    action  = "${action}"\n  }\n`).join('');
  const scopeBlocks = scopes.map((scope, i) => `
resource "secops_carbonblack_scope" "s${i}" {
  name            = "${scope.name}"
  lifecycle_phase = "${scope.phase}"
  clusters        = ${list(scope.clusters)}
  namespaces      = ${list(scope.namespaces)}
}
`);
  const policyBlocks = policies.map((policy, i) => `
resource "secops_carbonblack_policy" "p${i}" {
  name     = "${policy.name}"
  scope_id = secops_carbonblack_scope.s${policy.scope}.scope_id
  status   = "${policy.status}"
${ruleBlocks(policy.rules)}}
`);
  return `provider "secops" {}
${scopeBlocks.join('')}${policyBlocks.join('')}
resource "secops_carbonblack_template" "baseline" {
  name = "eo-baseline"
${ruleBlocks(TEMPLATE_RULES)}}

resource "secops_carbonblack_template_rules" "added" {
  template_ids = [secops_carbonblack_template.baseline.template_id]
${ruleBlocks(ADDED_RULES)}}
`;
}

function expected(): Census {
  return censusOf([
    ...scopes.map((scope) => describeScope(scope.name, scope.phase, scope.clusters, [], scope.namespaces)),
    ...policies.map((policy) => describePolicy(policy.name, scopes[policy.scope]!.name, policy.status, policy.rules.map(([id, action]) => `${id}:${action}:on`))),
    describeTemplate('eo-baseline', [...TEMPLATE_RULES, ...ADDED_RULES].map(([id, action]) => `${id}:${action}`)),
  ]);
}

/** What the simulator holds of the kinds the configuration manages, by content. */
function census(cbc: CarbonBlackSimulator): Census {
  const scopeName = new Map(cbc.scopes().map((scope) => [scope.scope_id, scope.name]));
  return censusOf([
    ...cbc.scopes().filter((scope) => scope.scope_id !== ANY_SCOPE.scope_id).map(storedScope),
    ...cbc.policies().filter((policy) => policy.policy_id !== DEFAULT_POLICY_ID)
      .map((policy) => storedPolicy(policy, scopeName.get(policy.scope_id) ?? `missing scope ${policy.scope_id}`)),
    ...cbc.templates().filter((template) => template.custom !== null).map(storedTemplate),
  ]);
}

function storedScope(scope: StoredScope): string {
  return describeScope(scope.name, scope.lifecycle_phase, scope.clusters, scope.clusters_groups, scope.namespaces);
}

function storedPolicy(policy: StoredPolicy, scopeName: string): string {
  return describePolicy(policy.name, scopeName, policy.status, policy.rules.map((rule) => `${rule.id}:${rule.action}:${rule.is_enabled === false ? 'off' : 'on'}`));
}

function storedTemplate(template: StoredTemplate): string {
  return describeTemplate(template.name, template.rules.map((rule) => `${rule.id}:${rule.action}`));
}

function describeScope(name: string, phase: string, clusters: readonly string[], groups: readonly string[], namespaces: readonly string[]): string {
  const sorted = (items: readonly string[]) => [...items].sort().join(',');
  return `scope ${name} phase=${phase} clusters=${sorted(clusters)} groups=${sorted(groups)} namespaces=${sorted(namespaces)}`;
}

function describePolicy(name: string, scopeName: string, status: string, rules: readonly string[]): string {
  return `policy ${name} scope=${scopeName} status=${status} rules=${rules.join(',')}`;
}

/** Rules in the template's order: add_rules appends. */
function describeTemplate(name: string, rules: readonly string[]): string {
  return `template ${name} rules=${rules.join(',')}`;
}
