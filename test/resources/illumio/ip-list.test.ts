import { IllumioClient, illumioSettingsFromEnv } from '../../../src/clients/illumio';
import { ipListData } from '../../../src/datasources/illumio/ip-list';
import { ipListsData } from '../../../src/datasources/illumio/ip-lists';
import { HandlerContext, ObjectValue } from '../../../src/provider/definitions';
import { configProblems, validateBlock } from '../../../src/provider/validate';
import { IpListModel, ipList } from '../../../src/resources/illumio/ip-list';
import { IllumioSimulator } from '../../../src/simulators/illumio';

const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

function model(values: Partial<IpListModel>): IpListModel {
  return {
    href: null,
    name: 'corp',
    description: null,
    external_data_set: null,
    external_data_reference: null,
    ip_ranges: [],
    fqdns: [],
    created_at: null,
    updated_at: null,
    ...values,
  };
}

const range = (from_ip: string, extra: Partial<{ to_ip: string; description: string; exclusion: boolean }> = {}) =>
  ({ from_ip, to_ip: null, description: null, exclusion: false, ...extra });

describe('secops_illumio_ip_list against the simulated PCE', () => {
  const sim = new IllumioSimulator({ env: {} });
  let client: IllumioClient;
  let warnings: string[];
  let ctx: HandlerContext<IllumioClient>;

  const active = (href: string) => client.getDraft(href.replace('/sec_policy/draft/', '/sec_policy/active/'));
  const versions = () => sim.state.listVersions().length;

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    client = new IllumioClient(illumioSettingsFromEnv({
      host: sim.url, orgId: String(sim.orgId), apiKeyUsername: sim.apiKeyUsername, apiKeySecret: sim.apiKeySecret,
    }, {}));
    warnings = [];
    ctx = { client, signal: new AbortController().signal, revision: undefined, recordRevision() {}, created() {}, warn(summary, detail) { warnings.push(`${summary}: ${detail}`); } };
  });
  afterEach(() => client.close());

  test('create writes the IP list to draft (update_type create), not to active, keeping the CIDR as written', async () => {
    const state = await ipList.create(ctx, model({
      description: 'corporate',
      ip_ranges: [range('10.0.0.1/24'), range('10.0.0.7', { description: 'printer', exclusion: true }), range('192.168.1.1', { to_ip: '192.168.1.9' })],
      fqdns: [{ fqdn: 'app.example.com', description: null }],
    }));
    expect(state).toEqual({
      href: expect.stringMatching(/^\/orgs\/1\/sec_policy\/draft\/ip_lists\/\d+$/),
      name: 'corp',
      description: 'corporate',
      external_data_set: null,
      external_data_reference: null,
      ip_ranges: [range('10.0.0.1/24'), range('10.0.0.7', { description: 'printer', exclusion: true }), range('192.168.1.1', { to_ip: '192.168.1.9' })],
      fqdns: [{ fqdn: 'app.example.com', description: null }],
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    });
    const draft = await client.getDraft(state.href!);
    expect(draft).toMatchObject({ name: 'corp', update_type: 'create', ip_ranges: [{ from_ip: '10.0.0.0/24', exclusion: false }, {}, {}] });
    expect(await active(state.href!)).toBeUndefined();
    expect(versions()).toBe(0);
  });

  test('read keeps the written CIDR (10.0.0.1/24) while the PCE holds 10.0.0.0/24, and shows a real change', async () => {
    const state = await ipList.create(ctx, model({ ip_ranges: [range('10.0.0.1/24', { to_ip: '2001:DB8::1' })] }));
    expect(await ipList.read(ctx, state)).toEqual(state);
    // Imported (nothing written): the PCE's form.
    expect((await ipList.read(ctx, model({ href: state.href, name: '', ip_ranges: null, fqdns: null })))!.ip_ranges)
      .toEqual([range('10.0.0.0/24', { to_ip: '2001:db8::1' })]);
    // Someone else changes the range: the PCE's value replaces the written one.
    await client.updateDraft(state.href!, { ip_ranges: [{ from_ip: '10.0.0.0/16' }] });
    expect((await ipList.read(ctx, state))!.ip_ranges).toEqual([range('10.0.0.0/16')]);
    expect(warnings).toEqual([]);
  });

  test('update PUTs every field, re-reads the IP list, and updated_at changes', async () => {
    const state = await ipList.create(ctx, model({ description: 'old', ip_ranges: [range('10.0.0.1/24')], fqdns: [{ fqdn: 'a.example.com', description: 'x' }] }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const planned = model({ href: state.href, name: 'corp-2', description: null, ip_ranges: [range('172.16.0.9/12'), range('172.16.1.0/24', { exclusion: true })], fqdns: [] });
    const updated = await ipList.update(ctx, planned, state);
    expect(updated).toEqual({ ...planned, created_at: state.created_at, updated_at: TIMESTAMP });
    expect(updated.updated_at).not.toBe(state.updated_at);
    expect(await client.getDraft(state.href!)).toMatchObject({
      name: 'corp-2',
      description: '',
      update_type: 'create',
      fqdns: [],
      ip_ranges: [{ from_ip: '172.16.0.0/12', exclusion: false }, { from_ip: '172.16.1.0/24', exclusion: true }],
    });
    expect(await ipList.read(ctx, updated)).toEqual(updated);
  });

  test('delete of a never-provisioned IP list removes it from draft and makes no version', async () => {
    const state = await ipList.create(ctx, model({ ip_ranges: [range('10.1.0.0/16')] }));
    await ipList.delete(ctx, state);
    expect(await client.getDraft(state.href!)).toBeUndefined();
    expect(await ipList.read(ctx, state)).toBeUndefined();
    expect(versions()).toBe(0);
    expect(await client.pending()).toEqual({});
  });

  test('delete of a provisioned IP list leaves it in neither draft nor active, with one new version', async () => {
    const state = await ipList.create(ctx, model({ ip_ranges: [range('10.1.0.0/16')] }));
    await client.provision({ description: 't' });
    expect(await active(state.href!)).toMatchObject({ name: 'corp' });
    expect(versions()).toBe(1);
    await ipList.delete(ctx, state);
    expect(await client.getDraft(state.href!)).toBeUndefined();
    expect(await active(state.href!)).toBeUndefined();
    expect(versions()).toBe(2);
  });

  test('a provisioned IP list whose DELETE answer was lost (the repeat gets 404: pending deletion) has its deletion provisioned', async () => {
    const state = await ipList.create(ctx, model({ ip_ranges: [range('10.1.0.0/16')] }));
    await client.provision({ description: 't' });
    sim.faults.inject('lost,method=DELETE');
    await ipList.delete(ctx, state);
    expect(await client.getDraft(state.href!)).toBeUndefined();
    expect(await active(state.href!)).toBeUndefined();
    expect(versions()).toBe(2);
  });

  test('delete provisions only its own deletion, not other pending changes', async () => {
    const mine = await ipList.create(ctx, model({ name: 'mine' }));
    await client.provision({ description: 't' });
    const theirs = await ipList.create(ctx, model({ name: 'theirs' }));
    await ipList.delete(ctx, mine);
    expect(await client.getDraft(theirs.href!)).toMatchObject({ update_type: 'create' });
    expect(await active(theirs.href!)).toBeUndefined();
  });

  test('an IP list deleted out of band is gone (planned for re-creation); a pending deletion is read with a warning', async () => {
    const gone = await ipList.create(ctx, model({ name: 'gone' }));
    await client.deleteDraft(gone.href!);
    expect(await ipList.read(ctx, gone)).toBeUndefined();

    const state = await ipList.create(ctx, model({ name: 'pending' }));
    await client.provision({ description: 't' });
    await client.deleteDraft(state.href!);
    expect(await ipList.read(ctx, state)).toEqual({ ...state, updated_at: TIMESTAMP });
    expect(warnings).toEqual([
      `${state.href} is pending deletion in the PCE: Someone deleted this object in the draft policy without provisioning. It is still enforced; provision or revert the deletion in the PCE.`,
    ]);
  });

  test('import by href reads the whole IP list', async () => {
    const state = await ipList.create(ctx, model({ description: 'd', ip_ranges: [range('10.0.0.0/8')], fqdns: [{ fqdn: 'x.example.com', description: null }] }));
    const imported = await ipList.importState!(ctx, state.href!);
    expect(imported).toEqual({ href: state.href });
    expect(await ipList.read(ctx, model({ ...imported, name: '', ip_ranges: null, fqdns: null }))).toEqual(state);
  });

  test('a second IP list of the same name is refused with the PCE\'s token', async () => {
    await ipList.create(ctx, model({}));
    await expect(ipList.create(ctx, model({}))).rejects.toThrow(/name_must_be_unique/);
  });

  test('validation names the attribute of an address that is neither an IP nor a CIDR', () => {
    const config = model({
      ip_ranges: [range('10.0.0.1/24', { to_ip: '10.0.0.300' }), range('example.com'), range('2001:db8::/129')],
      fqdns: [{ fqdn: '', description: null }],
    }) as unknown as ObjectValue; // the model is the block's value
    expect(validateBlock(ipList.schema, config)).toEqual([
      {
        path: ['ip_ranges', 0, 'to_ip'],
        summary: 'Invalid value for "ip_ranges.0.to_ip"',
        detail: 'to_ip must be an IPv4 or IPv6 address or CIDR (e.g. 10.0.0.0/24, 10.1.2.3 or 2001:db8::/32), got "10.0.0.300"',
      },
      {
        path: ['ip_ranges', 1, 'from_ip'],
        summary: 'Invalid value for "ip_ranges.1.from_ip"',
        detail: 'from_ip must be an IPv4 or IPv6 address or CIDR (e.g. 10.0.0.0/24, 10.1.2.3 or 2001:db8::/32), got "example.com"',
      },
      {
        path: ['ip_ranges', 2, 'from_ip'],
        summary: 'Invalid value for "ip_ranges.2.from_ip"',
        detail: 'from_ip must be an IPv4 or IPv6 address or CIDR (e.g. 10.0.0.0/24, 10.1.2.3 or 2001:db8::/32), got "2001:db8::/129"',
      },
      { path: ['fqdns', 0, 'fqdn'], summary: 'Invalid value for "fqdns.0.fqdn"', detail: 'must not be empty' },
    ]);
    expect(validateBlock(ipList.schema, model({ ip_ranges: [range('10.0.0.1/24'), range('::1', { to_ip: '::ff' })] }) as unknown as ObjectValue)).toEqual([]);
  });

  describe('data sources', () => {
    test('secops_illumio_ip_list by exact name and by href; none fails', async () => {
      const corp = await ipList.create(ctx, model({ name: 'corp', ip_ranges: [range('10.0.0.1/24')] }));
      await ipList.create(ctx, model({ name: 'corp-2' }));
      const byName = await ipListData.read(ctx, model({ name: 'corp', ip_ranges: null, fqdns: null }));
      expect(byName).toEqual({ ...corp, ip_ranges: [range('10.0.0.0/24')] });
      expect(await ipListData.read(ctx, model({ href: corp.href, name: null as unknown as string }))).toEqual(byName);
      await expect(ipListData.read(ctx, model({ name: 'cor' }))).rejects.toThrow('The PCE has no IP list named "cor"');
      await expect(ipListData.read(ctx, model({ href: '/orgs/1/sec_policy/draft/ip_lists/999', name: null as unknown as string })))
        .rejects.toThrow('The PCE has no IP list /orgs/1/sec_policy/draft/ip_lists/999');
    });

    test('secops_illumio_ip_list fails on ambiguity and needs href or name', async () => {
      // Names are unique in one PCE's draft; should it ever answer two (e.g. a case-insensitive match), none is taken.
      const a = await ipList.create(ctx, model({ name: 'dup' }));
      const b = await ipList.create(ctx, model({ name: 'dup-2' }));
      const both = await client.listDrafts('ip_lists');
      jest.spyOn(client, 'listDrafts').mockResolvedValueOnce(both.map((object) => ({ ...object, name: 'dup' })));
      await expect(ipListData.read(ctx, model({ name: 'dup' })))
        .rejects.toThrow(`2 IP lists are named "dup": ${a.href}, ${b.href}; give href to choose one`);
      expect(ipListData.validate!(model({ href: a.href, name: 'dup' }))).toEqual([
        { path: ['href'], summary: 'Conflicting arguments', detail: 'give either href or name, not both' },
      ]);
      expect(configProblems(ipListData as never, { ...model({ name: null as unknown as string }) } as unknown as ObjectValue)).toEqual([
        { path: [], summary: 'Missing arguments', detail: 'give href or name' },
      ]);
    });

    test('secops_illumio_ip_lists lists all or exactly one name, leaving out pending deletions', async () => {
      const corp = await ipList.create(ctx, model({ name: 'corp' }));
      const corp2 = await ipList.create(ctx, model({ name: 'corp-2' }));
      const old = await ipList.create(ctx, model({ name: 'old' }));
      await client.provision({ description: 't' });
      await client.deleteDraft(old.href!);
      const all = await ipListsData.read(ctx, { name: null, ip_lists: null });
      expect(all.ip_lists!.map((l) => l.href)).toEqual([corp.href, corp2.href]);
      expect(await ipListsData.read(ctx, { name: 'corp', ip_lists: null })).toEqual({
        name: 'corp', ip_lists: [{ ...corp, updated_at: TIMESTAMP }],
      });
      expect(await ipListsData.read(ctx, { name: 'nope', ip_lists: null })).toEqual({ name: 'nope', ip_lists: [] });
    });
  });
});
