import { decodeValue, encodeValue } from '../../src/provider/cty/msgpack';
import { BOOL, CtyType, STRING } from '../../src/provider/cty/types';
import { UNKNOWN } from '../../src/provider/cty/values';
import { defineResource, defineVendor, ObjectValue, VendorDefinition } from '../../src/provider/definitions';
import { ProviderHandlers, RpcContext } from '../../src/provider/protocol/messages';
import { createLazyProviderHandlers, createProviderHandlers } from '../../src/provider/provider';
import { providerConfigBlock } from '../../src/provider/provider-config';
import { blockType } from '../../src/provider/schema';
import { validators } from '../../src/provider/validate';

/** A vendor whose "remote system" is a Map, to test the provider layer on its own. */
interface Widget { id: string | null; name: string; kind: string | null; secret: string | null; enabled: boolean | null }

class WidgetApi {
  readonly widgets = new Map<string, Widget>();
  failAfterCreate = false;
  lastSignal?: AbortSignal;
}

const widget = defineResource<WidgetApi, Widget>({
  typeName: 'secops_fake_widget',
  schema: {
    description: 'A widget',
    attributes: {
      id: { type: STRING, computed: true, description: 'id' },
      name: { type: STRING, required: true, requiresReplace: true, description: 'name' },
      kind: { type: STRING, optional: true, description: 'kind', validators: [validators.oneOf(['a', 'b'])] },
      secret: { type: STRING, optional: true, sensitive: true, description: 'secret' },
      enabled: { type: BOOL, optional: true, default: true, description: 'enabled' },
    },
  },
  validate: config => config.kind === 'b' && config.secret === null
    ? [{ path: ['secret'], summary: 'Missing value for "secret"', detail: 'is required when kind is "b"' }]
    : [],
  async create(ctx, planned) {
    ctx.client.lastSignal = ctx.signal;
    const created = { ...planned, id: `w-${ctx.client.widgets.size + 1}` };
    ctx.client.widgets.set(created.id, created);
    ctx.created(created);
    if (ctx.client.failAfterCreate) throw new Error('Widget API error (500): tagging failed');
    return created;
  },
  async read(ctx, current) {
    return ctx.client.widgets.get(current.id!);
  },
  async update(ctx, planned) {
    ctx.client.widgets.set(planned.id!, planned);
    return planned;
  },
  async delete(ctx, current) {
    ctx.client.widgets.delete(current.id!);
  },
});

const type: CtyType = blockType(widget.schema);
const rpc: RpcContext = { rpc: 'test', signal: new AbortController().signal };
const dv = (value: ObjectValue | null) => ({ msgpack: encodeValue(value, type) });
const state = (bytes: Uint8Array | undefined) => decodeValue(bytes!, type);

describe('the provider layer over a vendor definition', () => {
  let api: WidgetApi;
  let provider: Required<Pick<ProviderHandlers, 'getProviderSchema' | 'validateResourceConfig' | 'planResourceChange' | 'applyResourceChange' | 'readResource' | 'upgradeResourceState' | 'configureProvider' | 'importResourceState'>>;

  beforeEach(async () => {
    api = new WidgetApi();
    const vendor = defineVendor<WidgetApi>({
      name: 'fake',
      settings: { description: 'fake settings', attributes: { token: { type: STRING, optional: true, sensitive: true, description: 't' } } },
      configure: () => api,
      resources: [widget],
      dataSources: [],
    });
    provider = createProviderHandlers([vendor as VendorDefinition]) as typeof provider;
    await provider.configureProvider({ terraformVersion: '1.11.4', config: { msgpack: encodeValue({ fake: null }, blockType({ description: '', attributes: {}, blocks: { fake: { nesting: 'single', block: vendor.settings } } })) } }, rpc);
  });

  test('the schema marks defaults optional+computed and keeps sensitive flags', async () => {
    const schema = await provider.getProviderSchema({}, rpc);
    const attributes = schema.resourceSchemas!.secops_fake_widget!.block!.attributes!;
    const byName = Object.fromEntries(attributes.map(a => [a.name, a]));
    expect(byName.enabled).toMatchObject({ optional: true, computed: true, required: false });
    expect(byName.secret).toMatchObject({ sensitive: true, optional: true });
    expect(Buffer.from(byName.id!.type!).toString()).toBe('"string"');
    expect(schema.provider!.block!.blockTypes!.map(b => b.typeName)).toEqual(['fake']);
  });

  test('validation names the attribute path and the reason', async () => {
    const config = { id: null, name: 'w', kind: 'c', secret: null, enabled: null };
    const { diagnostics } = await provider.validateResourceConfig({ typeName: 'secops_fake_widget', config: dv(config) }, rpc);
    expect(diagnostics).toEqual([expect.objectContaining({
      severity: 1,
      summary: 'Invalid value for "kind"',
      detail: 'must be one of "a", "b", got "c"',
      attribute: { steps: [{ attributeName: 'kind' }] },
    })]);
    const crossField = await provider.validateResourceConfig({ typeName: 'secops_fake_widget', config: dv({ ...config, kind: 'b' }) }, rpc);
    expect(crossField.diagnostics!.map(d => d.attribute)).toEqual([{ steps: [{ attributeName: 'secret' }] }]);
  });

  test('unknown values are not validated (they are known only at apply)', async () => {
    const config = { id: null, name: 'w', kind: UNKNOWN, secret: null, enabled: null };
    const { diagnostics } = await provider.validateResourceConfig({ typeName: 'secops_fake_widget', config: dv(config) }, rpc);
    expect(diagnostics).toEqual([]);
  });

  test('a requires-replace change is reported as an attribute path', async () => {
    const prior = { id: 'w-1', name: 'old', kind: null, secret: null, enabled: true };
    const config = { id: null, name: 'new', kind: null, secret: null, enabled: null };
    const response = await provider.planResourceChange({
      typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState: dv({ ...prior, name: 'new' }), config: dv(config),
    }, rpc);
    expect(response.requiresReplace).toEqual([{ steps: [{ attributeName: 'name' }] }]);
    expect(state(response.plannedState!.msgpack)).toMatchObject({ name: 'new', id: UNKNOWN, enabled: true });
  });

  test('a plan that takes Terraform\'s proposal as it is answers with the proposal\'s own bytes', async () => {
    const prior = { id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: true };
    const proposedNewState = dv({ ...prior, kind: 'b' });
    const response = await provider.planResourceChange({ typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState, config: dv({ ...prior, id: null, kind: 'b' }) }, rpc);
    expect(response.plannedState).toBe(proposedNewState);
    const replaced = await provider.planResourceChange({
      typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState: dv({ ...prior, name: 'v' }), config: dv({ ...prior, id: null, name: 'v' }),
    }, rpc);
    expect(state(replaced.plannedState!.msgpack)).toMatchObject({ name: 'v', id: UNKNOWN });
  });

  test('a proposal equal to the prior state is the plan, unless defaults or a plan-time check may change it', async () => {
    const { enabled: _enabled, ...withoutDefault } = widget.schema.attributes;
    const plain = defineResource<WidgetApi, Widget>({ ...widget, schema: { ...widget.schema, attributes: withoutDefault } });
    const checks: string[] = [];
    const checked = defineResource<WidgetApi, Widget>({ ...plain, typeName: 'secops_fake_checked', checkPlan: async () => { checks.push('checked'); return []; } });
    const handlers = createProviderHandlers([defineVendor<WidgetApi>({ name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [plain, checked], dataSources: [] }) as VendorDefinition]);
    const plainType = blockType(plain.schema);
    const prior = { id: 'w-1', name: 'w', kind: 'a', secret: null };
    const request = (typeName: string) => ({
      typeName,
      priorState: { msgpack: encodeValue(prior, plainType) },
      proposedNewState: { msgpack: encodeValue(prior, plainType) },
      config: { msgpack: encodeValue({ ...prior, id: null }, plainType) },
      priorPrivate: Buffer.from('{"revision":"3"}'),
    });
    const same = request('secops_fake_widget');
    const planned = await handlers.planResourceChange!(same, rpc);
    expect(planned).toEqual({ plannedState: same.proposedNewState, requiresReplace: [], plannedPrivate: same.priorPrivate, diagnostics: [] });
    expect(planned.plannedState).toBe(same.proposedNewState);
    await handlers.planResourceChange!(request('secops_fake_checked'), rpc);
    expect(checks).toEqual(['checked']);
    // With a default (widget.enabled) the long way runs: a null prior value would be planned as the default.
    const withDefault = await provider.planResourceChange({
      typeName: 'secops_fake_widget', priorState: dv({ ...prior, enabled: null }), proposedNewState: dv({ ...prior, enabled: null }), config: dv({ ...prior, id: null, enabled: null }),
    }, rpc);
    expect(state(withDefault.plannedState!.msgpack)).toMatchObject({ enabled: true });
  });

  test('a create that fails after the object exists still returns its id, with the error', async () => {
    api.failAfterCreate = true;
    const planned = { id: UNKNOWN, name: 'w', kind: null, secret: null, enabled: true } as unknown as ObjectValue;
    const response = await provider.applyResourceChange({ typeName: 'secops_fake_widget', plannedState: dv(planned), config: dv({ ...planned, id: null }) }, rpc);
    expect(state(response.newState!.msgpack)).toEqual({ id: 'w-1', name: 'w', kind: null, secret: null, enabled: true });
    expect(response.diagnostics).toEqual([expect.objectContaining({ severity: 1, summary: 'Creating secops_fake_widget failed', detail: 'Widget API error (500): tagging failed' })]);
    expect(api.lastSignal).toBe(rpc.signal);
  });

  test('a failed create with nothing created returns null state', async () => {
    const planned = { id: UNKNOWN, name: 'w', kind: null, secret: null, enabled: true } as unknown as ObjectValue;
    const failing = defineResource<WidgetApi, Widget>({ ...widget, create: async () => { throw new Error('refused'); } });
    const handlers = createProviderHandlers([defineVendor<WidgetApi>({ name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [failing], dataSources: [] }) as VendorDefinition]);
    const response = await handlers.applyResourceChange!({ typeName: 'secops_fake_widget', plannedState: dv(planned), config: dv({ ...planned, id: null }) }, rpc);
    expect(state(response.newState!.msgpack)).toBeNull();
    expect(response.diagnostics![0]!.detail).toBe('refused');
  });

  test('reading an object that no longer exists returns null state (drift: plan creates it again)', async () => {
    const response = await provider.readResource({ typeName: 'secops_fake_widget', currentState: dv({ id: 'gone', name: 'w', kind: null, secret: null, enabled: true }) }, rpc);
    expect(state(response.newState!.msgpack)).toBeNull();
    expect(response.diagnostics).toEqual([]);
  });

  test('a handler\'s warning reaches Terraform with a successful result', async () => {
    const warning = defineResource<WidgetApi, Widget>({
      ...widget,
      read: async (ctx, current) => {
        ctx.warn('Pending deletion', `${current.id} is pending deletion in draft`);
        return current;
      },
    });
    const handlers = createProviderHandlers([defineVendor<WidgetApi>({ name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [warning], dataSources: [] }) as VendorDefinition]);
    const current = { id: 'w-1', name: 'w', kind: null, secret: null, enabled: true };
    const response = await handlers.readResource!({ typeName: 'secops_fake_widget', currentState: dv(current) }, rpc);
    expect(state(response.newState!.msgpack)).toEqual(current);
    expect(response.diagnostics).toEqual([{ severity: 2, summary: 'Pending deletion', detail: 'w-1 is pending deletion in draft' }]);
  });

  test('a resource\'s plan-time check sees planned and prior state; its problems and warnings become plan diagnostics', async () => {
    const seen: Array<[string | null, string | null]> = [];
    const checked = defineResource<WidgetApi, Widget>({
      ...widget,
      checkPlan: async (ctx, planned, prior) => {
        seen.push([planned.kind, prior?.kind ?? null]);
        ctx.warn('Catalogue read from cache');
        return planned.kind === 'b' ? [{ path: ['kind'], summary: 'Not offered', detail: 'this organisation has no kind "b"' }] : [];
      },
    });
    const handlers = createProviderHandlers([defineVendor<WidgetApi>({ name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [checked], dataSources: [] }) as VendorDefinition]);
    const prior = { id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: true };
    const plan = (kind: string) => handlers.planResourceChange!({
      typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState: dv({ ...prior, kind }), config: dv({ ...prior, id: null, kind }),
    }, rpc);
    expect((await plan('a')).diagnostics).toEqual([{ severity: 2, summary: 'Catalogue read from cache' }]);
    expect((await plan('b')).diagnostics).toEqual([
      { severity: 1, summary: 'Not offered', detail: 'this organisation has no kind "b"', attribute: { steps: [{ attributeName: 'kind' }] } },
      { severity: 2, summary: 'Catalogue read from cache' },
    ]);
    expect(seen).toEqual([['a', 'a'], ['b', 'a']]);
    const destroy = await handlers.planResourceChange!({ typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState: dv(null), config: dv(null) }, rpc);
    expect(destroy.diagnostics).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  describe('revisions in provider-private state', () => {
    // A widget API that versions its objects, and a resource that skips unchanged ones.
    const versions = new Map<string, number>();
    let fullReads = 0;
    const versioned = defineResource<WidgetApi, Widget>({
      ...widget,
      async create(ctx, planned) {
        const created = { ...planned, id: 'w-1' };
        ctx.client.widgets.set('w-1', created);
        versions.set('w-1', 1);
        ctx.recordRevision('1');
        return created;
      },
      async read(ctx, current) {
        const version = versions.get(current.id!);
        if (version !== undefined && ctx.revision === String(version)) return current;
        fullReads++;
        if (version !== undefined) ctx.recordRevision(String(version));
        return ctx.client.widgets.get(current.id!);
      },
    });
    const handlers = () => createProviderHandlers([defineVendor<WidgetApi>({ name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [versioned], dataSources: [] }) as VendorDefinition]);
    const revisionIn = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes!).toString('utf8')).revision;
    beforeEach(() => {
      versions.clear();
      fullReads = 0;
    });

    test('a create records its revision; a read of the unchanged object hands back Terraform\'s own bytes and private state', async () => {
      const revisioned = handlers();
      const planned = { id: UNKNOWN, name: 'w', kind: 'a', secret: null, enabled: true } as unknown as ObjectValue;
      const created = await revisioned.applyResourceChange!({ typeName: 'secops_fake_widget', plannedState: dv(planned), config: dv({ ...planned, id: null }) }, rpc);
      expect(revisionIn(created.private)).toBe('1');
      const read = await revisioned.readResource!({ typeName: 'secops_fake_widget', currentState: created.newState, private: created.private }, rpc);
      expect(read.newState).toBe(created.newState);
      expect(read.private).toBe(created.private);
      expect(fullReads).toBe(0);
    });

    test('a changed object is read in full and its new revision recorded', async () => {
      const revisioned = handlers();
      const planned = { id: UNKNOWN, name: 'w', kind: 'a', secret: null, enabled: true } as unknown as ObjectValue;
      const created = await revisioned.applyResourceChange!({ typeName: 'secops_fake_widget', plannedState: dv(planned), config: dv({ ...planned, id: null }) }, rpc);
      api.widgets.set('w-1', { ...api.widgets.get('w-1')!, kind: 'b' });
      versions.set('w-1', 2);
      const read = await revisioned.readResource!({ typeName: 'secops_fake_widget', currentState: created.newState, private: created.private }, rpc);
      expect(state(read.newState!.msgpack)).toEqual({ id: 'w-1', name: 'w', kind: 'b', secret: null, enabled: true });
      expect(revisionIn(read.private)).toBe('2');
      expect(fullReads).toBe(1);
    });

    test('without a revision, or with private bytes that are not ours, the object is read in full', async () => {
      const revisioned = handlers();
      api.widgets.set('w-1', { id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: true });
      versions.set('w-1', 7);
      const current = dv(api.widgets.get('w-1')! as unknown as ObjectValue);
      for (const priv of [undefined, Buffer.from('not json'), Buffer.from('{"revision":7}')]) {
        const read = await revisioned.readResource!({ typeName: 'secops_fake_widget', currentState: current, private: priv }, rpc);
        expect(revisionIn(read.private)).toBe('7');
      }
      expect(fullReads).toBe(3);
    });

    test('the plan keeps the prior private state for the apply', async () => {
      const revisioned = handlers();
      const prior = { id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: true };
      const priorPrivate = Buffer.from('{"revision":"4"}');
      const plan = await revisioned.planResourceChange!({ typeName: 'secops_fake_widget', priorState: dv(prior), proposedNewState: dv({ ...prior, kind: 'b' }), config: dv({ ...prior, id: null, kind: 'b' }), priorPrivate }, rpc);
      expect(plan.plannedPrivate).toBe(priorPrivate);
    });
  });

  test('import starts from the id alone and reads the object', async () => {
    api.widgets.set('w-9', { id: 'w-9', name: 'nine', kind: null, secret: null, enabled: true });
    const response = await provider.importResourceState({ typeName: 'secops_fake_widget', id: 'w-9' }, rpc);
    expect(state(response.importedResources![0]!.state!.msgpack)).toEqual({ id: 'w-9', name: 'nine', kind: null, secret: null, enabled: true });
  });

  test('state written in JSON by an older schema upgrades, dropping attributes that no longer exist', async () => {
    const json = Buffer.from(JSON.stringify({ id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: false, legacy: 'x' }));
    const response = await provider.upgradeResourceState({ typeName: 'secops_fake_widget', version: 0, rawState: { json, flatmap: {} } }, rpc);
    expect(state(response.upgradedState!.msgpack)).toEqual({ id: 'w-1', name: 'w', kind: 'a', secret: null, enabled: false });
  });
});

describe('vendors loaded on first use', () => {
  /** Two vendors of widgets ("fake" and "fake_other": a prefix of another's name), counting their loads. */
  function lazyProvider() {
    const loads: string[] = [];
    const vendorNamed = (name: string) => defineVendor<WidgetApi>({
      name,
      settings: { description: '', attributes: { token: { type: STRING, optional: true, description: 't', validators: [validators.notEmpty()] } } },
      configure: () => new WidgetApi(),
      resources: [{ ...widget, typeName: `secops_${name}_widget` }],
      dataSources: [],
    }) as VendorDefinition;
    const vendors = [vendorNamed('fake'), vendorNamed('fake_other')];
    const loaders = vendors.map(vendor => ({ name: vendor.name, load: async () => { loads.push(vendor.name); return vendor; } }));
    const configType = blockType(providerConfigBlock(vendors));
    return { loads, configType, handlers: createLazyProviderHandlers(loaders, configType) };
  }

  test('an RPC about one type loads its vendor only, once; the longest vendor name owns a type', async () => {
    const { loads, handlers } = lazyProvider();
    await handlers.validateResourceConfig!({ typeName: 'secops_fake_other_widget', config: dv({ id: null, name: 'a', kind: null, secret: null, enabled: null }) }, rpc);
    await handlers.validateResourceConfig!({ typeName: 'secops_fake_other_widget', config: dv({ id: null, name: 'b', kind: null, secret: null, enabled: null }) }, rpc);
    expect(loads).toEqual(['fake_other']);
  });

  test('the provider block loads the vendors it configures, and checks them', async () => {
    const { loads, configType, handlers } = lazyProvider();
    const config = { msgpack: encodeValue({ fake: { token: '' }, fake_other: null }, configType) };
    const { diagnostics } = await handlers.validateProviderConfig!({ config }, rpc);
    expect(loads).toEqual(['fake']);
    expect(diagnostics).toEqual([expect.objectContaining({ summary: 'Invalid value for "fake.token"' })]);
    await handlers.configureProvider!({ terraformVersion: '1.11.4', config }, rpc);
    expect(loads).toEqual(['fake']);
  });

  test('what lists everything loads everything', async () => {
    const { loads, handlers } = lazyProvider();
    const metadata = await handlers.getMetadata!({}, rpc);
    expect(metadata.resources).toEqual([{ typeName: 'secops_fake_widget' }, { typeName: 'secops_fake_other_widget' }]);
    expect(loads.sort()).toEqual(['fake', 'fake_other']);
  });

  test('a type of no vendor is refused by name', async () => {
    const { loads, handlers } = lazyProvider();
    await expect(handlers.validateResourceConfig!({ typeName: 'secops_nothing_here', config: dv(null) }, rpc))
      .rejects.toThrow('The secops provider has no resource type "secops_nothing_here"');
    expect(loads).toEqual([]);
  });
});
