import { decodeValue, encodeValue } from '../../src/provider/cty/msgpack';
import { NUMBER, STRING, list } from '../../src/provider/cty/types';
import { Decimal } from '../../src/provider/cty/values';
import { defineFunction, defineVendor, FunctionArgumentError, VendorDefinition } from '../../src/provider/definitions';
import { RpcContext } from '../../src/provider/protocol/messages';
import { createProviderHandlers } from '../../src/provider/provider';
import { providerSchemaJson } from '../../src/provider/schema-json';

/** A vendor that declares functions only: the provider layer serves them without knowing what they do. */
const repeat = defineFunction({
  name: 'fake_repeat',
  summary: 'Repeats a word',
  description: 'The word, `times` times.',
  parameters: [
    { name: 'word', type: STRING, description: 'What to repeat.' },
    { name: 'times', type: NUMBER, description: 'How often, 0 to 3.' },
  ],
  returns: list(STRING),
  call: ([word, times]) => {
    const count = Number(times);
    if (count > 3) throw new FunctionArgumentError(1, `at most 3, got ${count}`);
    if (word === 'boom') throw new Error('the word exploded');
    return Array.from({ length: count }, () => word as string);
  },
});

const vendor: VendorDefinition = defineVendor({
  name: 'fake', settings: { description: 'fake', attributes: {} }, resources: [], dataSources: [], functions: [repeat], configure: () => ({}),
});
const rpc: RpcContext = { rpc: 'test', signal: new AbortController().signal };
const call = (...args: [string, number]) => createProviderHandlers([vendor]).callFunction!({
  name: 'fake_repeat',
  arguments: [{ msgpack: encodeValue(args[0], STRING) }, { msgpack: encodeValue(new Decimal(String(args[1])), NUMBER) }],
}, rpc);

describe('provider functions declared by a vendor', () => {
  test('GetFunctions, GetProviderSchema and GetMetadata list them with their signature', async () => {
    const handlers = createProviderHandlers([vendor]);
    const functions = (await handlers.getFunctions!({}, rpc)).functions!;
    expect(Object.keys(functions)).toEqual(['fake_repeat']);
    expect(functions.fake_repeat).toMatchObject({ summary: 'Repeats a word', parameters: [{ name: 'word' }, { name: 'times' }] });
    expect(Buffer.from(functions.fake_repeat!.return!.type).toString()).toBe('["list","string"]');
    expect(Object.keys((await handlers.getProviderSchema!({}, rpc)).functions!)).toEqual(['fake_repeat']);
    expect((await handlers.getMetadata!({}, rpc)).functions).toEqual([{ name: 'fake_repeat' }]);
    expect(providerSchemaJson([vendor]).provider_schemas['terraform.local/secops/secops']!.functions).toEqual({
      fake_repeat: {
        description: 'The word, `times` times.',
        summary: 'Repeats a word',
        return_type: ['list', 'string'],
        parameters: [
          { name: 'word', description: 'What to repeat.', type: 'string' },
          { name: 'times', description: 'How often, 0 to 3.', type: 'number' },
        ],
      },
    });
  });

  test('CallFunction decodes the arguments by type and encodes the result', async () => {
    const response = await call('hi', 2);
    expect(response.error).toBeUndefined();
    expect(decodeValue(response.result!.msgpack!, list(STRING))).toEqual(['hi', 'hi']);
  });

  test('an argument error names the argument; any other error is the function\'s', async () => {
    expect((await call('hi', 9)).error).toEqual({ text: 'at most 3, got 9', functionArgument: 1 });
    expect((await call('boom', 1)).error).toEqual({ text: 'the word exploded' });
    const unknown = await createProviderHandlers([vendor]).callFunction!({ name: 'nope', arguments: [] }, rpc);
    expect(unknown.error).toEqual({ text: 'The secops provider has no function "nope"' });
  });
});
