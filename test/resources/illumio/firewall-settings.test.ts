import { harness } from './harness';
import { firewallSettingsData } from '../../../src/datasources/illumio/firewall-settings';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { FirewallSettingsModel, firewallSettings } from '../../../src/resources/illumio/firewall-settings';
import { labelGroup } from '../../../src/resources/illumio/label-group';
import { provision } from '../../../src/resources/illumio/provision';

const HREF = '/orgs/1/sec_policy/draft/firewall_settings';
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

/** A plan as Terraform sends it at create: unset optional+computed attributes are still unknown. */
const planned = (fields: Partial<FirewallSettingsModel> = {}): FirewallSettingsModel => ({
  href: UNKNOWN as unknown as null,
  static_policy_scopes: UNKNOWN as unknown as null,
  containers_inherit_host_policy_scopes: UNKNOWN as unknown as null,
  blocked_connection_reject_scopes: UNKNOWN as unknown as null,
  firewall_coexistence: [],
  created_at: UNKNOWN as unknown as null,
  updated_at: UNKNOWN as unknown as null,
  ...fields,
});

describe('secops_illumio_firewall_settings', () => {
  const h = harness();
  const draft = async () => h.client().getDraft(HREF);
  const active = async () => h.client().getDraft(HREF.replace('/draft/', '/active/'));

  test('create adopts the settings: configured attributes applied in draft, unset ones keep the PCE\'s values', async () => {
    const prod = await h.label('env', 'prod');
    const dev = await h.label('env', 'dev');
    await h.client().updateDraft(HREF, { blocked_connection_reject_scopes: [[{ label: { href: dev } }]] });
    await h.client().provision({ description: 'someone earlier' });

    const created = await firewallSettings.create(h.ctx(), planned({ static_policy_scopes: [[prod]] }));
    expect(created).toEqual({
      href: HREF,
      static_policy_scopes: [[prod]],
      containers_inherit_host_policy_scopes: [],
      blocked_connection_reject_scopes: [[dev]],
      firewall_coexistence: [],
      created_at: TIME,
      updated_at: TIME,
    });
    expect(await draft()).toMatchObject({ update_type: 'update', static_policy_scopes: [[{ label: { href: prod } }]] });
    expect((await active())?.static_policy_scopes).toEqual([]);
    expect(await firewallSettings.read(h.ctx(), created)).toEqual(created);
  });

  test('create with nothing configured changes nothing and leaves nothing pending', async () => {
    const created = await firewallSettings.create(h.ctx(), planned());
    expect(created.blocked_connection_reject_scopes).toEqual([]);
    expect(await h.client().pending()).toEqual({});
  });

  test('update applies the configuration; the provision resource provisions it in one version', async () => {
    const prod = await h.label('env', 'prod');
    const web = await h.label('role', 'web');
    const group = await labelGroup.create(h.ctx(), {
      href: null, key: 'env', name: 'prods', description: null, external_data_set: null, external_data_reference: null, labels: [prod], sub_groups: [], created_at: null, updated_at: null,
    });
    const created = await firewallSettings.create(h.ctx(), planned());
    await new Promise(resolve => setTimeout(resolve, 5));
    const change: FirewallSettingsModel = {
      ...created,
      blocked_connection_reject_scopes: [[group.href!], []],
      firewall_coexistence: [{ scope: [web], workload_mode: 'enforced', illumio_primary: true }],
    };
    const updated = await firewallSettings.update(h.ctx(), change, created);
    expect(updated).toEqual({ ...change, updated_at: TIME });
    expect(updated.updated_at).not.toBe(created.updated_at);

    const versions = h.sim.versions().length;
    await provision.create(h.ctx(), { objects: [group.href!, HREF], description: null, version_href: null });
    expect(h.sim.versions().length).toBe(versions + 1);
    expect(await active()).toMatchObject({
      blocked_connection_reject_scopes: [[{ label_group: { href: group.href!.replace('/draft/', '/active/') } }], []],
      firewall_coexistence: [{ scope: [{ href: web }], workload_mode: 'enforced', illumio_primary: true }],
    });
    expect(await h.client().pending()).toEqual({});
    await expect(labelGroup.delete(h.ctx(), group)).rejects.toThrow(/object_in_use/);
  });

  test('delete leaves the PCE\'s settings as they are and warns; the PCE itself refuses a DELETE', async () => {
    const prod = await h.label('env', 'prod');
    const created = await firewallSettings.create(h.ctx(), planned({ static_policy_scopes: [[prod]] }));
    await firewallSettings.delete(h.ctx(), created);
    expect((await draft())?.static_policy_scopes).toEqual([[{ label: { href: prod } }]]);
    expect(h.warnings).toEqual([
      `The PCE's firewall settings were left as they are: Firewall settings cannot be deleted; ${HREF} keeps its current values and is no longer managed by this configuration.`,
    ]);
    await expect(h.client().deleteDraft(HREF)).rejects.toThrow(/405.*method_not_allowed_error/);
  });

  test('drift: a change made out of band is what read returns (the settings are never gone); import by href', async () => {
    const prod = await h.label('env', 'prod');
    const created = await firewallSettings.create(h.ctx(), planned());
    await h.client().updateDraft(HREF, {
      containers_inherit_host_policy_scopes: [[{ label: { href: prod } }]],
      firewall_coexistence: [{ scope: [{ href: prod }], illumio_primary: false }],
    });
    // Scope lists are tracked; coexistence only where the configuration has blocks for it.
    expect(await firewallSettings.read(h.ctx(), created)).toEqual({ ...created, containers_inherit_host_policy_scopes: [[prod]], updated_at: TIME });
    const managed = { ...created, firewall_coexistence: [{ scope: [prod], workload_mode: null, illumio_primary: true }] };
    expect((await firewallSettings.read(h.ctx(), managed))?.firewall_coexistence)
      .toEqual([{ scope: [prod], workload_mode: null, illumio_primary: false }]);
    const imported = await firewallSettings.importState!(h.ctx(), HREF);
    expect(imported).toEqual({ href: HREF });
    expect((await firewallSettings.read(h.ctx(), imported as FirewallSettingsModel))?.containers_inherit_host_policy_scopes).toEqual([[prod]]);
  });

  test('an unknown label href is the PCE\'s invalid_uri, and nothing changes', async () => {
    await expect(firewallSettings.create(h.ctx(), planned({ static_policy_scopes: [['/orgs/1/labels/99']] }))).rejects.toThrow(/406.*invalid_uri/);
    expect(await h.client().pending()).toEqual({});
  });

  test('validation: scopes hold label or label group hrefs; coexistence scopes hold labels, workload_mode is enforced or illuminated', () => {
    const config = {
      ...planned(),
      static_policy_scopes: [['/orgs/1/sec_policy/draft/ip_lists/1']],
      firewall_coexistence: [{ scope: ['/orgs/1/sec_policy/draft/label_groups/1'], workload_mode: 'idle', illumio_primary: true }],
    } as unknown as ObjectValue;
    expect(validateBlock(firewallSettings.schema, config).map(p => [p.path.join('.'), p.detail])).toEqual([
      ['static_policy_scopes', 'must hold label or label group hrefs, got "/orgs/1/sec_policy/draft/ip_lists/1"'],
      ['firewall_coexistence.0.scope', 'must hold label hrefs, got "/orgs/1/sec_policy/draft/label_groups/1"'],
      ['firewall_coexistence.0.workload_mode', 'must be one of "enforced", "illuminated", got "idle"'],
    ]);
  });

  test('data source: the draft by default, or the active settings', async () => {
    const prod = await h.label('env', 'prod');
    await firewallSettings.create(h.ctx(), planned({ static_policy_scopes: [[prod]] }));
    const empty = { ...planned(), pversion: null };
    expect((await firewallSettingsData.read(h.ctx(), empty)).static_policy_scopes).toEqual([[prod]]);
    const enforced = await firewallSettingsData.read(h.ctx(), { ...empty, pversion: 'active' });
    expect([enforced.href, enforced.static_policy_scopes]).toEqual(['/orgs/1/sec_policy/active/firewall_settings', []]);
  });
});
