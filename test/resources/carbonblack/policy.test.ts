import { harness, problemsOf } from './harness';
import { CarbonBlackClient } from '../../../src/clients/carbonblack';
import { HandlerContext } from '../../../src/provider/definitions';
import { policy, PolicyModel } from '../../../src/resources/carbonblack/policy';
import { DEFAULT_POLICY_ID } from '../../../src/simulators/carbonblack';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const RUNTIME_DEFAULT = 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97';

describe('secops_carbonblack_policy', () => {
  const h = harness();
  let scopeId: string;
  beforeEach(async () => {
    scopeId = await h.client().createScope({ name: 'prod', clusters: ['prod:eu'] });
  });
  const exception = { rule_id: 'privileged', name: 'debug-pod', username: null, cluster: 'prod:eu', namespace: '*', kind: 'Pod', labels: { team: 'sre' } };
  const planned = (fields: Partial<PolicyModel> = {}): PolicyModel => ({
    policy_id: null,
    name: 'prod-hardening',
    scope_id: scopeId,
    status: 'enabled',
    include_init_containers: false,
    include_ephemeral_containers: true,
    rule: [
      { rule_id: 'privileged', action: 'block', enabled: true, preset_id: null, preset_name: null },
      { rule_id: 'app-armor', action: 'enforce', enabled: true, preset_id: RUNTIME_DEFAULT, preset_name: 'runtime-default' },
    ],
    exception: [exception],
    scope_name: null,
    creator: null,
    created_on: null,
    modified_by: null,
    modified_on: null,
    ...fields,
  });

  test('create sends the API\'s shape (rules, exceptions keyed by rule, labels as key/value) and reads it back', async () => {
    const created = await policy.create(h.ctx(), planned());
    expect(created).toEqual({
      ...planned(),
      policy_id: expect.any(String),
      scope_name: 'prod',
      creator: 'secops-sandbox@example.com',
      created_on: ISO,
      modified_by: 'secops-sandbox@example.com',
      modified_on: ISO,
    });
    const put = JSON.parse(h.sim.requests.find(r => r.method === 'PUT')!.body);
    expect(put).toEqual({
      name: 'prod-hardening',
      scope_id: scopeId,
      status: 'enabled',
      include_init_containers: false,
      include_ephemeral_containers: true,
      rules: [
        { id: 'privileged', action: 'block', is_enabled: true },
        { id: 'app-armor', action: 'enforce', is_enabled: true, preset_id: RUNTIME_DEFAULT, preset_name: 'runtime-default' },
      ],
      exceptions: { privileged: [{ name: 'debug-pod', cluster: 'prod:eu', namespace: '*', kind: 'Pod', labels: [{ key: 'team', value: 'sre' }] }] },
    });
    expect(await policy.read(h.ctx(), created)).toEqual(created);
  });

  test('a status change is an update in place (PUT with policy_id)', async () => {
    const created = await policy.create(h.ctx(), planned());
    const updated = await policy.update(h.ctx(), planned({ ...created, status: 'disabled' }), created);
    expect(updated).toMatchObject({ policy_id: created.policy_id, status: 'disabled', created_on: created.created_on });
    expect(JSON.parse(h.sim.requests.filter(r => r.method === 'PUT').at(-1)!.body)).toMatchObject({ policy_id: created.policy_id, status: 'disabled' });
    expect(h.sim.policies().map(p => p.policy_id).sort()).toEqual([DEFAULT_POLICY_ID, created.policy_id].sort());
  });

  test('a create meeting a policy of the same name, or a scope that has one, fails asking for import and writes nothing', async () => {
    const existing = await policy.create(h.ctx(), planned());
    const otherScope = await h.client().createScope({ name: 'dev', clusters: ['dev'] });
    await expect(policy.create(h.ctx(), planned({ scope_id: otherScope })))
      .rejects.toThrow(`A Carbon Black Cloud policy named "prod-hardening" already exists (id ${existing.policy_id})`);
    await expect(policy.create(h.ctx(), planned({ name: 'other' })))
      .rejects.toThrow(`Scope ${scopeId} already carries policy "prod-hardening", and a scope takes one policy; that policy already exists (id ${existing.policy_id})`);
    expect(h.sim.requests.filter(r => r.method === 'PUT')).toHaveLength(1);
  });

  test('the API\'s documented errors come through: unknown scope (400), unsupported action (400)', async () => {
    await expect(policy.create(h.ctx(), planned({ scope_id: 'nope' }))).rejects.toThrow(/\(400 Bad Request\) on PUT .*\/policies: scope nope not found$/);
    const blockOnly = planned({ rule: [{ rule_id: 'privileged', action: 'enforce', enabled: true, preset_id: null, preset_name: null }] });
    await expect(policy.create(h.ctx(), blockOnly)).rejects.toThrow('action "enforce" is not supported by rule privileged');
  });

  test('a policy deleted out of band reads as gone; delete of a gone policy succeeds', async () => {
    const created = await policy.create(h.ctx(), planned());
    await h.client().deletePolicy(created.policy_id!);
    expect(await policy.read(h.ctx(), created)).toBeUndefined();
    await expect(policy.delete(h.ctx(), created)).resolves.toBeUndefined();
  });

  test('import by policy_id reads the whole policy', async () => {
    const created = await policy.create(h.ctx(), planned());
    const imported = await policy.importState!(h.ctx(), created.policy_id!);
    expect(await policy.read(h.ctx(), imported as PolicyModel)).toEqual(created);
  });

  describe('plan-time check against the catalogue', () => {
    const rule = (ruleId: string, action: string, presetId: string | null = null) =>
      ({ rule_id: ruleId, action, enabled: true, preset_id: presetId, preset_name: null });
    // The catalogue is read once per client (one provider process): each check here gets a new one.
    const clients: CarbonBlackClient[] = [];
    afterAll(() => Promise.all(clients.map(c => c.close())));
    const fresh = (): HandlerContext<CarbonBlackClient> => {
      const client = new CarbonBlackClient(h.client().settings, { retry: { maxAttempts: 1 } });
      clients.push(client);
      return { ...h.ctx(), client };
    };

    test('an action the rule does not support, an unknown rule and a foreign preset are refused, naming the block', async () => {
      const config = planned({
        rule: [rule('privileged', 'enforce'), rule('no-such-rule', 'alert'), rule('app-armor', 'enforce', 'nope'), rule('host-network', 'block', 'x')],
      });
      const problems = await policy.checkPlan!(fresh(), config, null);
      expect(problems.map(p => [p.path.join('.'), p.detail])).toEqual([
        ['rule.0.action', 'rule "privileged" supports "alert", "block", got "enforce"'],
        ['rule.1.rule_id', 'the Carbon Black Cloud catalogue has no rule "no-such-rule" (see data source secops_carbonblack_rules)'],
        ['rule.2.preset_id', `rule "app-armor" has the presets "b8c2b952-960d-4ca7-b0a6-d81f1e0bc574" (remove), "e85f797b-c384-46c9-a7d4-07a87fcc40bd" (localhost), "${RUNTIME_DEFAULT}" (runtime-default), got "nope"`],
        ['rule.3.preset_id', 'rule "host-network" has no presets'],
      ]);
      expect(await policy.checkPlan!(fresh(), planned(), null)).toEqual([]);
    });

    test('custom rules count; unchanged rules are not checked again', async () => {
      h.sim.addCustomRule({ rule_id: 'no-latest-tag', name: 'No latest tag', supported_actions: ['alert'] });
      expect(await policy.checkPlan!(fresh(), planned({ rule: [rule('no-latest-tag', 'alert')] }), null)).toEqual([]);
      const stale = planned({ rule: [rule('gone-rule', 'alert')] });
      const before = h.sim.requests.length;
      expect(await policy.checkPlan!(fresh(), stale, stale)).toEqual([]);
      expect(h.sim.requests.length).toBe(before);
    });

    test('an unreadable catalogue is a warning, not a failed plan (the API still judges at apply)', async () => {
      h.sim.faults.inject('503,method=GET');
      const ctx = fresh();
      const warned: string[] = [];
      const problems = await policy.checkPlan!({ ...ctx, warn: (summary, detail) => warned.push(`${summary}: ${detail}`) }, planned(), null);
      expect(problems).toEqual([]);
      expect(warned).toEqual([expect.stringMatching(/^Rule actions not checked against the Carbon Black Cloud catalogue: Carbon Black Cloud API error \(503 Service Unavailable\) on GET .*\/rules/)]);
    });
  });

  test('validation: status and action enums, empty names', () => {
    const config = planned({ name: '', status: 'active', rule: [{ rule_id: '', action: 'deny', enabled: true, preset_id: null, preset_name: null }] });
    expect(problemsOf(policy, config)).toEqual([
      ['name', 'must not be empty'],
      ['status', 'must be one of "enabled", "disabled", "draft", got "active"'],
      ['rule.0.rule_id', 'must not be empty'],
      ['rule.0.action', 'must be one of "alert", "block", "enforce", got "deny"'],
    ]);
  });
});
