import { harness } from './harness';
import { labelGroupData } from '../../../src/datasources/illumio/label-group';
import { ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { LabelGroupModel, labelGroup } from '../../../src/resources/illumio/label-group';
import { ruleSet } from '../../../src/resources/illumio/rule-set';

const DRAFT = '/orgs/1/sec_policy/draft/label_groups';
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('secops_illumio_label_group', () => {
  const h = harness();
  const planned = (fields: Partial<LabelGroupModel> = {}): LabelGroupModel => ({
    href: null, key: 'role', name: 'front', description: null, external_data_set: null, external_data_reference: null, labels: [], sub_groups: [], created_at: null, updated_at: null, ...fields,
  });
  const draft = async (href: string) => h.client().getDraft(href);
  const active = async (href: string) => h.client().getDraft(href.replace('/draft/', '/active/'));

  test('create writes to draft only (update_type create), read returns the same', async () => {
    const web = await h.label('role', 'web');
    const created = await labelGroup.create(h.ctx(), planned({ description: 'web tier', labels: [web] }));
    expect(created).toEqual({
      href: expect.stringMatching(new RegExp(`^${DRAFT}/[0-9a-f-]{36}$`)),
      key: 'role',
      name: 'front',
      description: 'web tier',
      external_data_set: null,
      external_data_reference: null,
      labels: [web],
      sub_groups: [],
      created_at: TIME,
      updated_at: TIME,
    });
    expect((await draft(created.href!))?.update_type).toBe('create');
    expect(await active(created.href!)).toBeUndefined();
    expect(await labelGroup.read(h.ctx(), created)).toEqual(created);
    expect(h.warnings).toEqual([]);
  });

  test('update re-reads: members and description change, updated_at moves', async () => {
    const web = await h.label('role', 'web');
    const db = await h.label('role', 'db');
    const created = await labelGroup.create(h.ctx(), planned({ labels: [web] }));
    const inner = await labelGroup.create(h.ctx(), planned({ name: 'inner', labels: [db] }));
    await new Promise(resolve => setTimeout(resolve, 5));
    const updated = await labelGroup.update(h.ctx(), planned({ ...created, name: 'front-2', labels: [web, db], sub_groups: [inner.href!] }), created);
    expect(updated).toEqual({ ...created, name: 'front-2', labels: [web, db], sub_groups: [inner.href], updated_at: TIME });
    expect(updated.updated_at).not.toBe(created.updated_at);
    const cleared = await labelGroup.update(h.ctx(), planned({ ...updated, description: null, labels: [], sub_groups: [] }), updated);
    expect([cleared.description, cleared.labels, cleared.sub_groups]).toEqual([null, [], []]);
  });

  test('delete of a never-provisioned group removes it without provisioning', async () => {
    const created = await labelGroup.create(h.ctx(), planned());
    await labelGroup.delete(h.ctx(), created);
    expect(await draft(created.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});
    expect(await labelGroup.read(h.ctx(), created)).toBeUndefined();
  });

  test('delete of a provisioned group provisions the deletion: gone from draft and active', async () => {
    const created = await labelGroup.create(h.ctx(), planned());
    await h.client().provision({ description: 't' });
    expect((await active(created.href!))?.name).toBe('front');
    await labelGroup.delete(h.ctx(), created);
    expect(await draft(created.href!)).toBeUndefined();
    expect(await active(created.href!)).toBeUndefined();
    expect(await h.client().pending()).toEqual({});
  });

  test('read of a pending deletion keeps the object and warns', async () => {
    const created = await labelGroup.create(h.ctx(), planned());
    await h.client().provision({ description: 't' });
    await h.client().deleteDraft(created.href!);
    expect(await labelGroup.read(h.ctx(), created)).toEqual({ ...created, updated_at: TIME });
    expect(h.warnings).toEqual([
      `${created.href} is pending deletion in the PCE: Someone deleted this object in the draft policy without provisioning. It is still enforced; provision or revert the deletion in the PCE.`,
    ]);
  });

  test('a group used by a rule set, and a label used by a group, are refused with the PCE token', async () => {
    const web = await h.label('role', 'web');
    const group = await labelGroup.create(h.ctx(), planned({ labels: [web] }));
    await ruleSet.create(h.ctx(), {
      href: null,
      name: 'rs',
      description: null,
      external_data_set: null,
      external_data_reference: null,
      enabled: true,
      ip_tables_rules: [],
      created_at: null,
      scopes: [{ label: [], label_group: [{ href: group.href!, exclusion: false }] }],
    });
    await expect(labelGroup.delete(h.ctx(), group)).rejects.toThrow(/object_in_use/);
    const labelState = { href: web, key: 'role', value: 'web', external_data_set: null, external_data_reference: null, created_at: null, updated_at: null };
    await expect(labelResource.delete(h.ctx(), labelState)).rejects.toThrow(/label_in_use/);
    expect((await draft(group.href!))?.update_type).toBe('create');
  });

  test('a duplicate name is refused with the PCE token', async () => {
    await labelGroup.create(h.ctx(), planned());
    await expect(labelGroup.create(h.ctx(), planned())).rejects.toThrow(/name_must_be_unique/);
  });

  test('import by href fills the state through read', async () => {
    const created = await labelGroup.create(h.ctx(), planned({ description: 'd' }));
    const imported = await labelGroup.importState!(h.ctx(), created.href!);
    expect(imported).toEqual({ href: created.href });
    expect(await labelGroup.read(h.ctx(), imported as LabelGroupModel)).toEqual(created);
  });

  test('external data is written, read back and cleared on update', async () => {
    const created = await labelGroup.create(h.ctx(), planned({ external_data_set: 'cmdb', external_data_reference: 'lg-7' }));
    expect([created.external_data_set, created.external_data_reference]).toEqual(['cmdb', 'lg-7']);
    expect(await draft(created.href!)).toMatchObject({ external_data_set: 'cmdb', external_data_reference: 'lg-7' });
    const cleared = await labelGroup.update(h.ctx(), planned({ ...created, external_data_set: null, external_data_reference: null }), created);
    expect([cleared.external_data_set, cleared.external_data_reference]).toEqual([null, null]);
  });

  test('validation: empty key and name, too long a name', () => {
    const config = { ...planned({ key: '', name: 'x'.repeat(256) }) } as unknown as ObjectValue;
    expect(validateBlock(labelGroup.schema, config).map(p => [p.path.join('.'), p.detail])).toEqual([
      ['key', 'must not be empty'],
      ['name', 'must be at most 255 characters long, got 256'],
    ]);
  });

  describe('data source', () => {
    test('by href and by exact name; none and conflicting arguments fail', async () => {
      const created = await labelGroup.create(h.ctx(), planned({ name: 'front' }));
      await labelGroup.create(h.ctx(), planned({ name: 'front-end' }));
      const none = { ...planned({ name: null as unknown as string }), key: null as unknown as string };
      expect(await labelGroupData.read(h.ctx(), { ...none, href: created.href })).toEqual(created);
      expect(await labelGroupData.read(h.ctx(), { ...none, name: 'front' })).toEqual(created);
      await expect(labelGroupData.read(h.ctx(), { ...none, name: 'fro' })).rejects.toThrow('The PCE has no label group named "fro"');
      await expect(labelGroupData.read(h.ctx(), { ...none, href: `${DRAFT}/99` })).rejects.toThrow(`The PCE has no label group ${DRAFT}/99`);
      expect(labelGroupData.validate!({ ...none, name: 'a', href: 'b' })).toEqual([{ path: ['href'], summary: 'Conflicting arguments', detail: 'give either href or name, not both' }]);
      expect(labelGroupData.validate!(none)).toEqual([{ path: [], summary: 'Missing arguments', detail: 'give href or name' }]);
    });
  });
});
