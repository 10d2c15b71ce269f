import { noteRefusal } from '../../src/clients/core/answers';
import { decodeValue, encodeValue } from '../../src/provider/cty/msgpack';
import { STRING } from '../../src/provider/cty/types';
import { defineResource, defineVendor, VendorDefinition } from '../../src/provider/definitions';
import { importIdPattern, notImportable, UUID_PATTERN } from '../../src/provider/import-id';
import { ProviderHandlers, RpcContext } from '../../src/provider/protocol/messages';
import { createProviderHandlers } from '../../src/provider/provider';
import { blockType } from '../../src/provider/schema';

/** A "remote system" of gadgets keyed by UUID; one of them is built in. */
interface Gadget { id: string | null; name: string | null }

class GadgetApi {
  readonly gadgets = new Map<string, Gadget>();
  readonly requests: string[] = [];
  deleted: string[] = [];
}

const BUILT_IN = '00000000-0000-4000-8000-000000000000';

const gadget = defineResource<GadgetApi, Gadget>({
  typeName: 'secops_fake_gadget',
  importId: importIdPattern('a UUID', UUID_PATTERN, 'a gadget ID (a UUID)', id => id.toLowerCase()),
  schema: {
    description: 'A gadget',
    attributes: {
      id: { type: STRING, computed: true, description: 'id' },
      name: { type: STRING, required: true, description: 'name' },
    },
  },
  async create(_ctx, planned) {
    return planned;
  },
  async read(ctx, current) {
    ctx.client.requests.push(`GET ${current.id}`);
    const found = ctx.client.gadgets.get(current.id!);
    // What an HTTP client does with a 404 it accepts: it answers "none" and the core notes the refusal.
    if (!found) noteRefusal({ vendor: 'Gadgets', method: 'GET', path: `/gadgets/${current.id}`, status: 404, message: 'gadget not found' });
    return found;
  },
  async update(_ctx, planned) {
    return planned;
  },
  async delete(ctx, current) {
    ctx.client.deleted.push(current.id!);
  },
  builtIn: async (_ctx, current) => (current.id === BUILT_IN ? 'the built-in gadget' : undefined),
});

const type = blockType(gadget.schema);
const rpc: RpcContext = { rpc: 'test', signal: new AbortController().signal };

describe('import IDs and built-in objects in the provider layer', () => {
  let api: GadgetApi;
  let provider: Required<Pick<ProviderHandlers, 'importResourceState' | 'applyResourceChange' | 'configureProvider'>>;

  beforeEach(() => {
    api = new GadgetApi();
    const vendor = defineVendor<GadgetApi>({
      name: 'fake', settings: { description: '', attributes: {} }, configure: () => api, resources: [gadget], dataSources: [],
    });
    provider = createProviderHandlers([vendor as VendorDefinition]) as typeof provider;
  });

  test('an ID of the wrong form is refused with the expected form, before any request', async () => {
    const response = await provider.importResourceState({ typeName: 'secops_fake_gadget', id: '/orgs/1/labels/7' }, rpc);
    expect(response.importedResources).toEqual([]);
    expect(response.diagnostics).toEqual([expect.objectContaining({
      severity: 1, summary: 'Wrong import ID for secops_fake_gadget', detail: '"/orgs/1/labels/7" is not a gadget ID (a UUID). Expected: a UUID',
    })]);
    expect(api.requests).toEqual([]);
  });

  test('an unknown ID is named with the vendor\'s answer', async () => {
    const id = '6f1c2a0e-8d7b-4c1e-9a55-3b2d1e0f9a77';
    const response = await provider.importResourceState({ typeName: 'secops_fake_gadget', id }, rpc);
    expect(response.importedResources).toEqual([]);
    expect(response.diagnostics).toEqual([expect.objectContaining({
      severity: 1,
      summary: `Cannot import secops_fake_gadget "${id}"`,
      detail: `No object "${id}" exists: Gadgets answered 404 on GET /gadgets/${id}: gadget not found. Check the ID, or create the object instead of importing it.`,
    })]);
  });

  test('a found object is imported under its canonical ID, as read', async () => {
    const id = '6f1c2a0e-8d7b-4c1e-9a55-3b2d1e0f9a77';
    api.gadgets.set(id, { id, name: 'six' });
    const response = await provider.importResourceState({ typeName: 'secops_fake_gadget', id: id.toUpperCase() }, rpc);
    expect(response.diagnostics).toEqual([]);
    expect(decodeValue(response.importedResources![0]!.state!.msgpack!, type)).toEqual({ id, name: 'six' });
  });

  test('destroying a built-in object leaves it, with a warning; an ordinary one is deleted', async () => {
    const destroy = (id: string) => provider.applyResourceChange({
      typeName: 'secops_fake_gadget', priorState: { msgpack: encodeValue({ id, name: 'x' }, type) }, plannedState: { msgpack: encodeValue(null, type) },
    }, rpc);
    const builtIn = await destroy(BUILT_IN);
    expect(decodeValue(builtIn.newState!.msgpack!, type)).toBeNull();
    expect(builtIn.diagnostics).toEqual([expect.objectContaining({ severity: 2, summary: 'the built-in gadget was not deleted' })]);
    const ordinary = await destroy('6f1c2a0e-8d7b-4c1e-9a55-3b2d1e0f9a77');
    expect(ordinary.diagnostics).toEqual([]);
    expect(api.deleted).toEqual(['6f1c2a0e-8d7b-4c1e-9a55-3b2d1e0f9a77']);
  });
});

describe('resources that cannot be imported', () => {
  test('refuse every ID with the reason', () => {
    const form = notImportable('it stands for an action, not an object');
    expect(form.normalise('anything', undefined)).toEqual({ refused: 'cannot be imported: it stands for an action, not an object' });
  });
});
