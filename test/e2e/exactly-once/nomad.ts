import { Census, censusOf, FaultScenario } from './harness';
import { NomadSimulator } from '../../../src/simulators/nomad';

const TEAMS = ['platform', 'payments', 'search', 'identity', 'billing', 'mobile', 'data', 'security', 'infra', 'web'];

interface Rule {
  readonly name: string;
  readonly authMethod: string;
  readonly bindType: string;
  readonly bindName?: string;
  readonly selector: string;
  readonly description: string;
}

/**
 * 22 binding rules: a role and a policy rule per team over two auth methods, plus two resources
 * with identical fields (Nomad has no unique key: each must end up with a rule of its own).
 */
function rules(): Rule[] {
  const perTeam = TEAMS.flatMap((team, i): Rule[] => [
    { name: `${team}_role`, authMethod: i % 2 === 0 ? 'okta' : 'github-jwt', bindType: 'role', bindName: team, selector: `"${team}" in list.groups`, description: `${team} engineers` },
    { name: `${team}_policy`, authMethod: 'okta', bindType: 'policy', bindName: `${team}-readonly`, selector: `value.team == "${team}"`, description: `${team} read-only` },
  ]);
  const twin = { authMethod: 'okta', bindType: 'management', selector: 'value.email == "root@example.com"', description: 'break glass' };
  return [...perTeam, { name: 'break_glass_a', ...twin }, { name: 'break_glass_b', ...twin }];
}

const describe = (rule: { AuthMethod: string; BindType: string; BindName?: string; Selector?: string; Description?: string }): string =>
  [rule.AuthMethod, rule.BindType, rule.BindName ?? '', rule.Selector ?? '', rule.Description ?? ''].join(' | ');

const hcl = (value: string): string => JSON.stringify(value);

export function nomadScenario(): FaultScenario {
  let nomad: NomadSimulator | undefined;
  const sim = (): NomadSimulator => {
    if (nomad === undefined) throw new Error('the Nomad scenario is not started');
    return nomad;
  };
  return {
    name: 'Nomad',
    async start() {
      nomad = new NomadSimulator();
      await nomad.start();
    },
    simulators: () => [sim()],
    env: () => ({ NOMAD_ADDR: sim().url, NOMAD_TOKEN: sim().managementToken }),
    config: () => ['provider "secops" {}', ...rules().map((rule) => [
      `resource "secops_nomad_acl_binding_rule" "${rule.name}" {`,
      `  auth_method = ${hcl(rule.authMethod)}`,
      `  bind_type   = ${hcl(rule.bindType)}`,
      ...(rule.bindName === undefined ? [] : [`  bind_name   = ${hcl(rule.bindName)}`]),
      `  selector    = ${hcl(rule.selector)}`,
      `  description = ${hcl(rule.description)}`,
      '}',
    ].join('\n'))].join('\n\n'),
    expected: (): Census => censusOf(rules().map((rule) => describe({
      AuthMethod: rule.authMethod, BindType: rule.bindType, BindName: rule.bindName, Selector: rule.selector, Description: rule.description,
    }))),
    census: async () => censusOf(sim().rules().map(describe)),
    async stop() {
      await nomad?.stop();
      nomad = undefined;
    },
  };
}
