import { harness } from './harness';
import { securityPrincipalData } from '../../../src/datasources/illumio/security-principal';
import { ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { ruleSet } from '../../../src/resources/illumio/rule-set';
import { ActorModel, SecurityRuleModel, securityRule } from '../../../src/resources/illumio/security-rule';

const actor = (fields: Partial<ActorModel>): ActorModel => ({
  actors: null, label: null, label_group: null, ip_list: null, workload: null, virtual_service: null, ...fields,
});
/** Providers may also be virtual servers. */
const provider = (fields: Partial<ActorModel>): ActorModel => actor({ virtual_server: null, ...fields });

describe('secops_illumio_security_rule', () => {
  const h = harness();
  let rs: string;
  let web: string;
  beforeEach(async () => {
    web = await h.label('role', 'web');
    rs = (await ruleSet.create(h.ctx(), {
      href: null, name: 'rs', description: null, external_data_set: null, external_data_reference: null, enabled: true, scopes: [{ label: [], label_group: [] }], ip_tables_rules: [], created_at: null,
    })).href!;
  });
  const planned = (fields: Partial<SecurityRuleModel> = {}): SecurityRuleModel => ({
    href: null,
    rule_set_href: rs,
    enabled: true,
    description: null,
    external_data_set: null,
    external_data_reference: null,
    resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
    providers: [provider({ label: web })],
    consumers: [actor({ actors: 'ams' })],
    ingress_services: [{ href: null, proto: 6, port: 443, to_port: null }],
    consuming_security_principals: [],
    unscoped_consumers: false,
    sec_connect: false,
    stateless: false,
    machine_auth: false,
    created_at: null,
    ...fields,
  });
  const draftRule = async (href: string) => h.client().getDraft(href);
  const activeRule = async (href: string) => h.client().getDraft(href.replace('/draft/', '/active/'));

  test('create writes the rule into the draft rule set only; read returns the same', async () => {
    const created = await securityRule.create(h.ctx(), planned({ description: 'https' }));
    expect(created).toEqual({ ...planned({ description: 'https' }), href: `${rs}/sec_rules/1`, created_at: null });
    const raw = await draftRule(created.href!);
    expect(raw).toMatchObject({
      update_type: 'create', providers: [{ label: { href: web } }], consumers: [{ actors: 'ams' }], ingress_services: [{ proto: 6, port: 443 }],
    });
    expect(await activeRule(created.href!)).toBeUndefined();
    expect((await h.client().getDraft(rs))?.update_type).toBe('create');
    expect(await securityRule.read(h.ctx(), created)).toEqual(created);
    expect(h.warnings).toEqual([]);
  });

  test('consumers by user group, a virtual server and a virtual service as providers, external data: written and read back', async () => {
    const principal = h.sim.state.createSecurityPrincipal({ sid: 'S-1-5-21-7', name: 'shop admins' });
    const principalHref = h.sim.state.securityPrincipalHref(principal.id);
    const server = h.sim.state.addVirtualServer('f5-shop');
    const vip = await h.client().createDraft('virtual_services', { name: 'vip', service_ports: [{ proto: 6, port: 443 }] });
    const config = planned({
      providers: [provider({ virtual_server: server }), provider({ virtual_service: vip.href })],
      consumers: [actor({ virtual_service: vip.href })],
      consuming_security_principals: [principalHref],
      resolve_labels_as: { providers: ['workloads', 'virtual_services'], consumers: ['workloads'] },
      external_data_set: 'cmdb',
      external_data_reference: 'rule-9',
    });
    const created = await securityRule.create(h.ctx(), config);
    expect(created).toEqual({ ...config, href: `${rs}/sec_rules/1` });
    expect(await draftRule(created.href!)).toMatchObject({
      providers: [{ virtual_server: { href: server } }, { virtual_service: { href: vip.href } }],
      consumers: [{ virtual_service: { href: vip.href } }],
      consuming_security_principals: [{ href: principalHref }],
      external_data_set: 'cmdb',
    });
    expect(await securityRule.read(h.ctx(), created)).toEqual(created);
    const cleared = planned({ ...created, consuming_security_principals: [], external_data_set: null, external_data_reference: null });
    expect(await securityRule.update(h.ctx(), cleared, created)).toEqual(cleared);
    await expect(securityRule.create(h.ctx(), planned({ consuming_security_principals: ['/orgs/1/security_principals/0bad'] })))
      .rejects.toThrow(/406.*invalid_uri/);
  });

  test('update re-reads the rule', async () => {
    const created = await securityRule.create(h.ctx(), planned());
    await new Promise(resolve => setTimeout(resolve, 5));
    const change = planned({
      ...created,
      enabled: false,
      stateless: true,
      consumers: [actor({ label: web })],
      ingress_services: [{ href: null, proto: 17, port: 5000, to_port: 5100 }],
    });
    const updated = await securityRule.update(h.ctx(), change, created);
    expect(updated).toEqual(change);
  });

  test('delete: never provisioned just goes, nothing provisioned', async () => {
    const created = await securityRule.create(h.ctx(), planned());
    await securityRule.delete(h.ctx(), created);
    expect(await draftRule(created.href!)).toBeUndefined();
    expect(await securityRule.read(h.ctx(), created)).toBeUndefined();
    expect((await h.client().getDraft(rs))?.update_type).toBe('create');
  });

  test('delete of a provisioned rule provisions its rule set: gone from draft and active', async () => {
    const created = await securityRule.create(h.ctx(), planned());
    await h.client().provision({ description: 't' });
    expect(await activeRule(created.href!)).toMatchObject({ href: created.href!.replace('/draft/', '/active/') });
    await securityRule.delete(h.ctx(), created);
    expect(await draftRule(created.href!)).toBeUndefined();
    expect(await activeRule(created.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});
  });

  test('a provisioned rule whose DELETE answer was lost (the repeat finds it gone) still has its rule set provisioned', async () => {
    const created = await securityRule.create(h.ctx(), planned());
    await h.client().provision({ description: 't' });
    h.sim.faults.inject('lost,method=DELETE,path=/api/v2/orgs/1/sec_policy/draft/rule_sets/*');
    await securityRule.delete(h.ctx(), created);
    expect(h.sim.requests.filter((r) => r.method === 'DELETE').map((r) => [r.status, r.fault])).toEqual([[204, 'lost'], [404, undefined]]);
    expect(await activeRule(created.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});
  });

  test('a label used by a rule is refused on delete with the PCE token', async () => {
    await securityRule.create(h.ctx(), planned());
    const state = { href: web, key: 'role', value: 'web', external_data_set: null, external_data_reference: null, created_at: null, updated_at: null };
    await expect(labelResource.delete(h.ctx(), state)).rejects.toThrow(/label_in_use/);
  });

  test('read warns when the rule set is pending deletion; import by href', async () => {
    const created = await securityRule.create(h.ctx(), planned());
    expect(await securityRule.importState!(h.ctx(), created.href!)).toEqual({ href: created.href });
    await h.client().provision({ description: 't' });
    await h.client().deleteDraft(rs);
    expect(await securityRule.read(h.ctx(), { href: created.href } as SecurityRuleModel)).toEqual(created);
    expect(h.warnings).toEqual([expect.stringMatching(new RegExp(`^${rs} is pending deletion in the PCE: `))]);
  });

  test('validation: actors with none or several fields, resolve_labels_as values, ports', () => {
    const config = planned({
      rule_set_href: '/orgs/1/labels/1',
      resolve_labels_as: { providers: ['workloads', 'vms'], consumers: [] },
      providers: [provider({}), provider({ label: web, ip_list: '/orgs/1/sec_policy/draft/ip_lists/1' })],
      consumers: [actor({ actors: 'everyone' })],
      ingress_services: [
        { href: null, proto: 6, port: 70000, to_port: null },
        { href: null, proto: 6, port: 500, to_port: 400 },
        { href: '/orgs/1/sec_policy/draft/services/1', proto: 6, port: null, to_port: null },
        { href: null, proto: 1, port: 80, to_port: null },
        { href: null, proto: null, port: null, to_port: 80 },
      ],
    });
    const problems = [...validateBlock(securityRule.schema, config as unknown as ObjectValue), ...securityRule.validate!(config)];
    expect(problems.map(p => [p.path.join('.'), p.detail])).toEqual([
      ['rule_set_href', 'must be a draft rule set href (.../sec_policy/draft/rule_sets/ID), got "/orgs/1/labels/1"'],
      ['resolve_labels_as.providers', 'must each be "workloads" or "virtual_services", got "vms"'],
      ['resolve_labels_as.consumers', 'must name at least one of "workloads", "virtual_services"'],
      ['consumers.0.actors', 'must be one of "ams", "container_host", got "everyone"'],
      ['ingress_services.0.port', 'must be an integer from 0 to 65535, got 70000'],
      ['providers.0', 'set exactly one of actors, label, label_group, ip_list, workload, virtual_service, virtual_server'],
      ['providers.1', 'set exactly one of actors, label, label_group, ip_list, workload, virtual_service, virtual_server; got label and ip_list'],
      ['ingress_services.1', 'to_port (400) must not be below port (500)'],
      ['ingress_services.2', 'give either href, or proto with optional port and to_port, not both'],
      ['ingress_services.3', 'ports apply to TCP (6) and UDP (17) only, not protocol 1'],
      ['ingress_services.4', 'give href, or proto with optional port and to_port'],
      ['ingress_services.4', 'to_port needs port (the start of the range)'],
    ]);
    expect(securityRule.validate!(planned({ ingress_services: [] })).map(p => p.detail)).toEqual([
      'a rule whose providers resolve as workloads needs at least one ingress_services block',
    ]);
    expect(securityRule.validate!(planned())).toEqual([]);
    const principals = planned({ consuming_security_principals: ['/orgs/1/labels/1'] }) as unknown as ObjectValue;
    expect(validateBlock(securityRule.schema, principals).map(p => [p.path.join('.'), p.detail])).toEqual([
      ['consuming_security_principals', 'must be security principal hrefs, got "/orgs/1/labels/1"'],
    ]);
    expect(Object.keys(securityRule.schema.blocks!.consumers!.block.attributes)).not.toContain('virtual_server');
  });

  test('data source secops_illumio_security_principal: by href, exact name or sid; none and ambiguity fail', async () => {
    const admins = h.sim.state.createSecurityPrincipal({ sid: 'S-1-5-21-1', name: 'admins', description: 'AD admins' });
    h.sim.state.createSecurityPrincipal({ sid: 'S-1-5-21-2', name: 'admins-2' });
    const href = h.sim.state.securityPrincipalHref(admins.id);
    const expected = { href, name: 'admins', sid: 'S-1-5-21-1', description: 'AD admins' };
    const none = { href: null, name: null, sid: null, description: null };
    expect(await securityPrincipalData.read(h.ctx(), { ...none, href })).toEqual(expected);
    expect(await securityPrincipalData.read(h.ctx(), { ...none, name: 'admins' })).toEqual(expected);
    expect(await securityPrincipalData.read(h.ctx(), { ...none, sid: 'S-1-5-21-1' })).toEqual(expected);
    await expect(securityPrincipalData.read(h.ctx(), { ...none, name: 'admin' })).rejects.toThrow('The PCE has no security principal named "admin"');
    h.sim.state.createSecurityPrincipal({ sid: 'S-1-5-21-3', name: 'ops' });
    h.sim.state.createSecurityPrincipal({ sid: 'S-1-5-21-4', name: 'ops' });
    await expect(securityPrincipalData.read(h.ctx(), { ...none, name: 'ops' })).rejects.toThrow(/^2 security principals are named "ops": /);
    expect(securityPrincipalData.validate!({ ...none, name: 'a', sid: 'b' }).map(p => p.summary)).toEqual(['Conflicting arguments']);
    expect(securityPrincipalData.validate!(none).map(p => p.detail)).toEqual(['give exactly one of href, name and sid']);
  });
});
