import { harness } from './harness';
import { ruleSetData } from '../../../src/datasources/illumio/rule-set';
import { ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { RuleSetModel, ruleSet } from '../../../src/resources/illumio/rule-set';

const DRAFT = '/orgs/1/sec_policy/draft/rule_sets';
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('secops_illumio_rule_set', () => {
  const h = harness();
  const planned = (fields: Partial<RuleSetModel> = {}): RuleSetModel => ({
    href: null,
    name: 'web',
    description: null,
    external_data_set: null,
    external_data_reference: null,
    enabled: true,
    scopes: [{ label: [], label_group: [] }],
    ip_tables_rules: [],
    created_at: null,
    ...fields,
  });
  const draft = async (href: string) => h.client().getDraft(href);
  const active = async (href: string) => h.client().getDraft(href.replace('/draft/', '/active/'));

  test('create writes scopes to draft only, in the PCE shape; read maps them back', async () => {
    const app = await h.label('app', 'shop');
    const env = await h.label('env', 'test');
    const scopes = [{ label: [{ href: app, exclusion: false }, { href: env, exclusion: true }], label_group: [] }, { label: [], label_group: [] }];
    const created = await ruleSet.create(h.ctx(), planned({ scopes, description: 'shop' }));
    expect(created).toEqual({
      href: `${DRAFT}/1`,
      name: 'web',
      description: 'shop',
      external_data_set: null,
      external_data_reference: null,
      enabled: true,
      scopes,
      ip_tables_rules: [],
      created_at: TIME,
    });
    const raw = await draft(created.href!);
    expect([raw?.update_type, raw?.scopes]).toEqual(['create', [[{ label: { href: app }, exclusion: false }, { label: { href: env }, exclusion: true }], []]]);
    expect(await active(created.href!)).toBeUndefined();
    expect(await ruleSet.read(h.ctx(), created)).toEqual(created);
  });

  test('external data is written, read back and cleared on update', async () => {
    const created = await ruleSet.create(h.ctx(), planned({ external_data_set: 'cmdb', external_data_reference: 'rs-7' }));
    expect([created.external_data_set, created.external_data_reference]).toEqual(['cmdb', 'rs-7']);
    expect(await draft(created.href!)).toMatchObject({ external_data_set: 'cmdb', external_data_reference: 'rs-7' });
    const cleared = await ruleSet.update(h.ctx(), planned({ ...created, external_data_set: null, external_data_reference: null }), created);
    expect([cleared.external_data_set, cleared.external_data_reference]).toEqual([null, null]);
  });

  test('custom iptables rules: written in the PCE shape, read back, replaced on update; a label they use is in use', async () => {
    const web = await h.label('role', 'web');
    const rule = {
      enabled: true,
      description: null,
      ip_version: '4',
      statements: [{ table_name: 'filter', chain_name: 'INPUT', parameters: '-p tcp --dport 8080 -j ACCEPT' }],
      actors: [{ actors: null, label: web, label_group: null, workload: null }],
    };
    const created = await ruleSet.create(h.ctx(), planned({ ip_tables_rules: [rule] }));
    expect(created.ip_tables_rules).toEqual([rule]);
    expect((await draft(created.href!))?.ip_tables_rules).toEqual([{
      enabled: true, description: '', ip_version: '4', statements: rule.statements, actors: [{ label: { href: web } }],
    }]);
    expect(await ruleSet.read(h.ctx(), created)).toEqual(created);
    const state = { href: web, key: 'role', value: 'web', external_data_set: null, external_data_reference: null, created_at: null, updated_at: null };
    await expect(labelResource.delete(h.ctx(), state)).rejects.toThrow(/label_in_use/);
    const all = { ...rule, enabled: false, ip_version: '6', actors: [{ actors: 'ams', label: null, label_group: null, workload: null }] };
    const updated = await ruleSet.update(h.ctx(), planned({ ...created, ip_tables_rules: [all] }), created);
    expect(updated.ip_tables_rules).toEqual([all]);
    expect(ruleSet.validate!(planned({ ip_tables_rules: [{ ...rule, actors: [{ ...rule.actors[0]!, actors: 'ams' }] }] })).map(p => [p.path.join('.'), p.detail]))
      .toEqual([['ip_tables_rules.0.actors.0', 'set exactly one of actors, label, label_group, workload; got actors and label']]);
  });

  test('update re-reads the rule set', async () => {
    const app = await h.label('app', 'shop');
    const created = await ruleSet.create(h.ctx(), planned());
    await new Promise(resolve => setTimeout(resolve, 5));
    const scopes = [{ label: [{ href: app, exclusion: false }], label_group: [] }];
    const updated = await ruleSet.update(h.ctx(), planned({ ...created, name: 'web-2', enabled: false, scopes }), created);
    expect(updated).toEqual({ ...created, name: 'web-2', enabled: false, scopes });
  });

  test('delete: never provisioned just goes; provisioned is provisioned away from draft and active', async () => {
    const fresh = await ruleSet.create(h.ctx(), planned({ name: 'fresh' }));
    await ruleSet.delete(h.ctx(), fresh);
    expect(await draft(fresh.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});

    const kept = await ruleSet.create(h.ctx(), planned({ name: 'kept' }));
    await h.client().provision({ description: 't' });
    await ruleSet.delete(h.ctx(), kept);
    expect(await draft(kept.href!)).toBeUndefined();
    expect(await active(kept.href!)).toBeUndefined();
    expect(await ruleSet.read(h.ctx(), kept)).toBeUndefined();
  });

  test('a label used in a scope is refused on delete with the PCE token', async () => {
    const app = await h.label('app', 'shop');
    await ruleSet.create(h.ctx(), planned({ scopes: [{ label: [{ href: app, exclusion: false }], label_group: [] }] }));
    const state = { href: app, key: 'app', value: 'shop', external_data_set: null, external_data_reference: null, created_at: null, updated_at: null };
    await expect(labelResource.delete(h.ctx(), state)).rejects.toThrow(/label_in_use/);
  });

  test('read of a pending deletion warns; import by href', async () => {
    const created = await ruleSet.create(h.ctx(), planned());
    expect(await ruleSet.importState!(h.ctx(), created.href!)).toEqual({ href: created.href });
    await h.client().provision({ description: 't' });
    await h.client().deleteDraft(created.href!);
    expect(await ruleSet.read(h.ctx(), { href: created.href } as RuleSetModel)).toEqual(created);
    expect(h.warnings).toEqual([expect.stringMatching(new RegExp(`^${created.href} is pending deletion in the PCE: `))]);
  });

  test('validation: empty name, empty scope member href', () => {
    const config = planned({ name: '', scopes: [{ label: [{ href: '', exclusion: null }], label_group: [] }] }) as unknown as ObjectValue;
    expect(validateBlock(ruleSet.schema, config).map(p => [p.path.join('.'), p.detail])).toEqual([
      ['name', 'must not be empty'],
      ['scopes.0.label.0.href', 'must not be empty'],
    ]);
  });

  test('data source: by href, by exact name, none, several arguments', async () => {
    const created = await ruleSet.create(h.ctx(), planned({ name: 'web' }));
    await ruleSet.create(h.ctx(), planned({ name: 'web-2' }));
    const none = planned({ name: null as unknown as string, enabled: null, scopes: [] });
    expect(await ruleSetData.read(h.ctx(), { ...none, href: created.href })).toEqual(created);
    expect(await ruleSetData.read(h.ctx(), { ...none, name: 'web' })).toEqual(created);
    await expect(ruleSetData.read(h.ctx(), { ...none, name: 'we' })).rejects.toThrow('The PCE has no rule set named "we"');
    expect(ruleSetData.validate!({ ...none, href: 'x', name: 'y' })).toEqual([{ path: ['href'], summary: 'Conflicting arguments', detail: 'give either href or name, not both' }]);
  });
});
