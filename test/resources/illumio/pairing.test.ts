import { harness } from './harness';
import { createPairingKey, createPairingProfile, getPairingProfile, updatePairingProfile } from '../../../src/clients/illumio/workloads';
import { pairingProfileData } from '../../../src/datasources/illumio/pairing-profile';
import { pairingProfilesData } from '../../../src/datasources/illumio/pairing-profiles';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { PairingKeyModel, pairingKey } from '../../../src/resources/illumio/pairing-key';
import { PairingProfileModel, pairingProfile } from '../../../src/resources/illumio/pairing-profile';
import { redact } from '../../../src/util/log';

const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('secops_illumio_pairing_profile', () => {
  const h = harness();
  const planned = (fields: Partial<PairingProfileModel> = {}): PairingProfileModel => ({
    href: null,
    name: 'linux-prod',
    description: null,
    enabled: true,
    enforcement_mode: null,
    allowed_uses_per_key: null,
    key_lifespan: null,
    labels: null,
    role_label_lock: null,
    app_label_lock: null,
    env_label_lock: null,
    loc_label_lock: null,
    mode_lock: null,
    log_traffic: null,
    log_traffic_lock: null,
    visibility_level: null,
    visibility_level_lock: null,
    external_data_set: null,
    external_data_reference: null,
    agent_software_release: null,
    total_use_count: null,
    last_pairing_at: null,
    created_at: null,
    updated_at: null,
    ...fields,
  });

  test('a create\'s state is the POST\'s answer: no GET of the new profile', async () => {
    const ctx = h.freshCtx();
    const from = h.sim.requests.length;
    const created = await pairingProfile.create(ctx, planned({ enforcement_mode: 'illuminated' }));
    expect(created).toMatchObject({ name: 'linux-prod', enforcement_mode: 'illuminated', created_at: TIME });
    expect(h.sim.requests.slice(from).filter((r) => r.method === 'GET' && r.path.includes(created.href!))).toEqual([]);
  });

  test('a create whose answer was lost adopts the profile it made, found by content', async () => {
    const ctx = h.freshCtx();
    const prod = await h.label('env', 'prod');
    h.sim.faults.inject('lost,method=POST,path=/api/v2/orgs/1/pairing_profiles');
    const created = await pairingProfile.create(ctx, planned({ labels: [prod], enforcement_mode: 'illuminated', allowed_uses_per_key: '5', key_lifespan: '3600' }));
    expect((await ctx.client.list<{ href: string }>('/orgs/1/pairing_profiles')).map((p) => p.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('create sends what is set and reads the PCE\'s values for the rest; read returns the same', async () => {
    const prod = await h.label('env', 'prod');
    const created = await pairingProfile.create(h.ctx(), planned({ labels: [prod], enforcement_mode: 'illuminated', allowed_uses_per_key: '5', key_lifespan: '3600', env_label_lock: false }));
    expect(created).toEqual(planned({
      href: expect.stringMatching(/^\/orgs\/1\/pairing_profiles\/\d+$/),
      labels: [prod],
      enforcement_mode: 'illuminated',
      allowed_uses_per_key: '5',
      key_lifespan: '3600',
      env_label_lock: false,
      role_label_lock: true,
      app_label_lock: true,
      loc_label_lock: true,
      mode_lock: true,
      log_traffic: false,
      log_traffic_lock: true,
      visibility_level: 'flow_summary',
      visibility_level_lock: true,
      total_use_count: 0,
      created_at: TIME,
      updated_at: TIME,
    }));
    expect(await getPairingProfile(h.client(), created.href!)).toMatchObject({ allowed_uses_per_key: 5, key_lifespan: 3600, mode: 'illuminated' });
    expect(await pairingProfile.read(h.ctx(), created)).toEqual(created);
  });

  test('update changes in place, `unlimited` included; drift shows; out-of-band deletion reads as gone', async () => {
    const created = await pairingProfile.create(h.ctx(), planned({ description: 'x' }));
    const updated = await pairingProfile.update(h.ctx(), { ...created, description: null, allowed_uses_per_key: 'unlimited', visibility_level: 'flow_off' }, created);
    expect(updated).toMatchObject({ description: null, allowed_uses_per_key: 'unlimited', visibility_level: 'flow_off' });
    await updatePairingProfile(h.client(), created.href!, { enabled: false });
    expect((await pairingProfile.read(h.ctx(), updated))?.enabled).toBe(false);
    await pairingProfile.delete(h.ctx(), updated);
    expect(await pairingProfile.read(h.ctx(), updated)).toBeUndefined();
  });

  test('bad values are refused at plan by validators, and by the PCE with its 406', async () => {
    const uses = pairingProfile.schema.attributes.allowed_uses_per_key!.validators![0]!;
    expect(uses.validate('0')).toMatch(/positive whole number or "unlimited"/);
    expect(uses.validate('unlimited')).toBeUndefined();
    await expect(pairingProfile.create(h.ctx(), planned({ labels: ['/orgs/1/labels/77'] }))).rejects.toThrow(/invalid_uri/);
  });

  test('import by href; a label in a profile cannot be deleted', async () => {
    const prod = await h.label('env', 'prod');
    const created = await pairingProfile.create(h.ctx(), planned({ labels: [prod] }));
    const fromImport = await pairingProfile.importState!(h.ctx(), created.href!);
    const imported = await pairingProfile.read(h.ctx(), { ...planned(), ...fromImport } as PairingProfileModel);
    expect(imported).toEqual(created);
    await expect(labelResource.delete(h.ctx(), { href: prod } as never)).rejects.toThrow(/label_in_use.*pairing_profiles/s);
  });

  test('data sources: by exact name (partial hits ignored, ambiguity fails) and the list', async () => {
    const one = await pairingProfile.create(h.ctx(), planned());
    await pairingProfile.create(h.ctx(), planned({ name: 'linux-prod-2' }));
    expect((await pairingProfileData.read(h.ctx(), { ...planned(), href: null, name: 'linux-prod' })).href).toBe(one.href);
    await pairingProfile.create(h.ctx(), planned());
    await expect(pairingProfileData.read(h.ctx(), { ...planned(), href: null, name: 'linux-prod' })).rejects.toThrow(/2 pairing profiles have name/);
    const listed = await pairingProfilesData.read(h.ctx(), {
      name: 'prod-2', description: null, labels: null, agent_software_release: null, external_data_set: null, external_data_reference: null, pairing_profiles: null,
    });
    expect(listed.pairing_profiles!.map((p) => p.name)).toEqual(['linux-prod-2']);
  });
});

describe('secops_illumio_pairing_key', () => {
  const h = harness();
  const profile = async (fields: Record<string, unknown> = {}): Promise<string> => (await createPairingProfile(h.client(), { name: 'p', enabled: true, ...fields })).href;
  const planned = (href: string): PairingKeyModel => ({
    id: null, pairing_profile_href: href, rotation_trigger: null, activation_code: null, created_at: null,
  });

  test('create returns the activation code, which pairs a VEN and never reaches a log line', async () => {
    const href = await profile();
    const key = await pairingKey.create(h.ctx(), planned(href));
    expect(key).toEqual({ ...planned(href), id: expect.any(String), activation_code: expect.stringMatching(/^[0-9a-f]{64}$/), created_at: TIME });
    expect(redact(`code ${key.activation_code}`)).not.toContain(key.activation_code);
    expect(await pairingKey.read(h.ctx(), key)).toEqual(key);
    const paired = h.sim.inventory.pair(key.activation_code!, { hostname: 'web7' });
    expect(paired.workload).toMatch(/^\/orgs\/1\/workloads\//);
    expect((await getPairingProfile(h.client(), href))?.total_use_count).toBe(1);
  });

  test('drift: a key whose profile is gone, or whose lifespan ran out, is planned anew', async () => {
    const href = await profile({ key_lifespan: 60 });
    const key = await pairingKey.create(h.ctx(), planned(href));
    expect(await pairingKey.read(h.ctx(), key)).toEqual(key);
    expect(await pairingKey.read(h.ctx(), { ...key, created_at: new Date(Date.now() - 61_000).toISOString() })).toBeUndefined();
    await h.client().deleteDraft(href);
    expect(await pairingKey.read(h.ctx(), key)).toBeUndefined();
  });

  test('a disabled profile issues no key: the PCE\'s 406 is shown', async () => {
    const href = await profile({ enabled: false });
    await expect(pairingKey.create(h.ctx(), planned(href))).rejects.toThrow(/406.*disabled/s);
  });

  test('destroy forgets the key with a warning; import is refused with the reason', async () => {
    const key = await pairingKey.create(h.ctx(), planned(await profile()));
    await pairingKey.delete(h.ctx(), key);
    expect(h.warnings).toEqual([expect.stringMatching(/^The pairing key was forgotten, not revoked: .*stays usable/)]);
    await expect(pairingKey.importState!(h.ctx(), 'x')).rejects.toThrow(/cannot be imported/);
    expect(pairingKey.schema.attributes.activation_code!.sensitive).toBe(true);
  });

  test('a used-up key pairs no more VENs', async () => {
    const code = await createPairingKey(h.client(), await profile({ allowed_uses_per_key: 1 }));
    h.sim.inventory.pair(code, { hostname: 'a' });
    expect(() => h.sim.inventory.pair(code, { hostname: 'b' })).toThrow(/Invalid activation code/);
  });
});
