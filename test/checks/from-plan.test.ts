import { planJson } from './helpers';
import { planViews } from '../../src/checks/from-plan';
import { Reference, UNKNOWN } from '../../src/checks/model';

const LABEL_REFS = (name: string) => ({ href: { references: [`secops_illumio_label.${name}.href`, `secops_illumio_label.${name}`] } });

describe('planViews', () => {
  test('pairs set elements with their configured blocks even when the plan orders them differently', () => {
    // Terraform prints the known element first; the configuration lists dev (being created) first.
    const views = planViews(planJson(
      { address: 'secops_illumio_label.prod', actions: ['no-op'], before: { href: '/orgs/1/labels/2' }, after: { href: '/orgs/1/labels/2', key: 'env', value: 'prod' } },
      { address: 'secops_illumio_label.dev', actions: ['create'], after: { key: 'env', value: 'dev' }, afterUnknown: { href: true } },
      {
        address: 'secops_illumio_rule_set.shop',
        actions: ['create'],
        after: { name: 'shop', scopes: [{ label: [{ href: '/orgs/1/labels/2', exclusion: false }, { exclusion: false }], label_group: [] }] },
        afterUnknown: { href: true, scopes: [{ label: [{}, { href: true }] }] },
        expressions: { name: { constant_value: 'shop' }, scopes: [{ label: [LABEL_REFS('dev'), LABEL_REFS('prod')] }] },
      },
    ));
    const ruleSet = views.find(v => v.address === 'secops_illumio_rule_set.shop')!;
    expect(ruleSet.values!.href).toBe(UNKNOWN);
    expect(ruleSet.values!.scopes).toEqual([{
      label: [{ href: '/orgs/1/labels/2', exclusion: false }, { href: new Reference('secops_illumio_label.dev', 'href'), exclusion: false }],
      label_group: [],
    }]);
  });

  test('two unknown elements whose blocks cannot be told apart stay unknown', () => {
    const views = planViews(planJson(
      { address: 'secops_illumio_label.a', actions: ['create'], after: { key: 'env', value: 'a' }, afterUnknown: { href: true } },
      { address: 'secops_illumio_label.b', actions: ['create'], after: { key: 'env', value: 'b' }, afterUnknown: { href: true } },
      {
        address: 'secops_illumio_rule_set.rs',
        actions: ['create'],
        after: { name: 'rs', scopes: [{ label: [{ exclusion: false }, { exclusion: false }] }] },
        afterUnknown: { scopes: [{ label: [{ href: true }, { href: true }] }] },
        expressions: { scopes: [{ label: [LABEL_REFS('a'), LABEL_REFS('b')] }] },
      },
    ));
    const labels = (views.find(v => v.address === 'secops_illumio_rule_set.rs')!.values!.scopes as { label: { href: unknown }[] }[])[0]!.label;
    expect(labels.map(l => l.href)).toEqual([UNKNOWN, UNKNOWN]);
  });

  test('actions in words, changed attributes, data sources from the prior state, other providers ignored', () => {
    const plan = planJson(
      { address: 'secops_nomad_acl_binding_rule.a', actions: ['delete', 'create'], before: { auth_method: 'okta', bind_type: 'role' }, after: { auth_method: 'github', bind_type: 'role' }, afterUnknown: { id: true } },
      { address: 'secops_nomad_acl_binding_rule.b', actions: ['update'], before: { description: 'x', bind_type: 'role' }, after: { description: 'y', bind_type: 'role' } },
      { address: 'secops_nomad_acl_binding_rule.c', actions: ['delete'], before: { id: 'c' } },
      { address: 'null_resource.other', actions: ['create'], after: {} },
    );
    plan.prior_state = { values: { root_module: { resources: [{ address: 'data.secops_illumio_ip_list.any', mode: 'data', type: 'secops_illumio_ip_list', values: { name: 'Any (0.0.0.0/0 and ::/0)' } }] } } };
    const views = planViews(plan);
    expect(views.map(v => [v.address, v.mode, v.action, v.changedAttributes])).toEqual([
      ['secops_nomad_acl_binding_rule.a', 'managed', 'replace', ['auth_method']],
      ['secops_nomad_acl_binding_rule.b', 'managed', 'update', ['description']],
      ['secops_nomad_acl_binding_rule.c', 'managed', 'delete', []],
      ['data.secops_illumio_ip_list.any', 'data', 'read', []],
    ]);
    expect(views[2]!.values).toBeNull();
  });

  test('references inside a module are resolved within that module', () => {
    const plan = planJson();
    plan.resource_changes = [
      { address: 'module.shop.secops_illumio_ip_list.any', module_address: 'module.shop', mode: 'managed', type: 'secops_illumio_ip_list', name: 'any', change: { actions: ['create'], before: null, after: { name: 'any' }, after_unknown: { href: true } } },
      { address: 'module.shop.secops_illumio_security_rule.r', module_address: 'module.shop', mode: 'managed', type: 'secops_illumio_security_rule', name: 'r', change: { actions: ['create'], before: null, after: { consumers: [{}] }, after_unknown: { consumers: [{ ip_list: true }] } } },
    ];
    plan.configuration = {
      root_module: {
        module_calls: {
          shop: {
            module: {
              resources: [
                { address: 'secops_illumio_security_rule.r', expressions: { consumers: [{ ip_list: { references: ['secops_illumio_ip_list.any.href', 'secops_illumio_ip_list.any'] } }] } },
              ],
            },
          },
        },
      },
    };
    const rule = planViews(plan).find(v => v.type === 'secops_illumio_security_rule')!;
    expect((rule.values!.consumers as { ip_list: unknown }[])[0]!.ip_list).toEqual(new Reference('module.shop.secops_illumio_ip_list.any', 'href'));
  });

  test('a JSON configuration (cdktf) gives the template too: `${ref}` alone is a reference, a longer template is not', () => {
    const views = planViews(planJson(
      { address: 'secops_illumio_ip_list.office', actions: ['create'], after: { name: 'office' }, afterUnknown: { href: true } },
      {
        address: 'secops_illumio_security_rule.r',
        actions: ['create'],
        after: { consumers: [{}, {}] },
        afterUnknown: { consumers: [{ ip_list: true }, { label: true }] },
        expressions: {
          consumers: [
            { ip_list: { constant_value: '${secops_illumio_ip_list.office.href}', references: ['secops_illumio_ip_list.office.href', 'secops_illumio_ip_list.office'] } },
            { label: { constant_value: '/orgs/1/labels/${secops_illumio_ip_list.office.name}', references: ['secops_illumio_ip_list.office.name', 'secops_illumio_ip_list.office'] } },
          ],
        },
      },
    ));
    const consumers = views.find(v => v.type === 'secops_illumio_security_rule')!.values!.consumers as Record<string, unknown>[];
    expect(consumers.map(c => c.ip_list ?? c.label)).toEqual([new Reference('secops_illumio_ip_list.office', 'href'), UNKNOWN]);
  });

  test('refuses what is not a plan', () => {
    expect(() => planViews({ version: 4, resources: [] })).toThrow('not a Terraform plan in JSON');
  });
  test('each resource carries the settings of its provider configuration: root, alias and module resources; computed settings are unknown', () => {
    const member = { role_name: { constant_value: 'full-control' } };
    const change = (address: string) => ({ address, type: 'secops_anchore_role_member', name: 'm', mode: 'managed', change: { actions: ['create'], after: {}, after_unknown: {} } });
    // The shape terraform 1.11 prints for a configuration with an aliased provider and two module calls.
    const views = planViews({
      format_version: '1.2',
      resource_changes: [change('secops_anchore_role_member.a'), change('module.m.secops_anchore_role_member.m'), change('module.n.secops_anchore_role_member.m')],
      configuration: {
        provider_config: {
          'secops': { name: 'secops', expressions: { anchore: { account: { constant_value: 'eng' }, url: { references: ['var.url'] } } } },
          'secops.sec': { name: 'secops', alias: 'sec', expressions: { anchore: { account: { constant_value: 'security' } } } },
        },
        root_module: {
          resources: [{ address: 'secops_anchore_role_member.a', provider_config_key: 'secops.sec', expressions: member }],
          module_calls: {
            m: { module: { resources: [{ address: 'secops_anchore_role_member.m', provider_config_key: 'secops', expressions: member }] } },
            n: { module: { resources: [{ address: 'secops_anchore_role_member.m', provider_config_key: 'secops.sec', expressions: member }] } },
          },
        },
      },
    });
    expect(views.map(v => [v.address, v.providerSettings])).toEqual([
      ['secops_anchore_role_member.a', { anchore: { account: 'security' } }],
      ['module.m.secops_anchore_role_member.m', { anchore: { account: 'eng', url: UNKNOWN } }],
      ['module.n.secops_anchore_role_member.m', { anchore: { account: 'security' } }],
    ]);
  });
});
