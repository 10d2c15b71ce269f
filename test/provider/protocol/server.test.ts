// The gRPC side of the plugin, exercised through a real client with mutual TLS against a bundled
// fixture provider (fixtures/fake-provider.ts).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  FIXTURE_ENTRY, PluginClient, RunningPlugin, bundle, clientCertificate, pluginEnv, startPlugin, tempDir,
} from './helpers';
import { SelfSignedCertificate } from '../../../src/provider/protocol/certificate';
import { decodeMessage, encodeMessage, serviceMethods } from '../../../src/provider/protocol/codec';
import { DiagnosticSeverity, NestingMode, StringKind } from '../../../src/provider/protocol/messages';

const FIXTURE_SECRET = 'fixture-api-key-5f1e';

let script: string;
let certificate: SelfSignedCertificate;

beforeAll(async () => {
  script = await bundle(FIXTURE_ENTRY, join(tempDir('server'), 'fake-provider.js'));
  certificate = clientCertificate();
});

describe('a running plugin', () => {
  let plugin: RunningPlugin;
  let provider: PluginClient;

  beforeAll(async () => {
    plugin = await startPlugin(script, certificate);
    provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
  });

  afterAll(() => {
    provider.close();
    plugin.stop();
  });

  test('GetProviderSchema returns what the handler built, over mutual TLS', async () => {
    const response = await provider.call('GetProviderSchema');
    expect(response.diagnostics).toEqual([]);
    expect(response.serverCapabilities).toEqual({ planDestroy: true, getProviderSchemaOptional: false, moveResourceState: false });
    const thing = (response.resourceSchemas as Record<string, any>).fake_thing; // eslint-disable-line @typescript-eslint/no-explicit-any -- nested test data
    expect(thing.version).toBe(2);
    expect(thing.block.descriptionKind).toBe(StringKind.MARKDOWN);
    expect(thing.block.attributes.map((a: { name: string }) => a.name)).toEqual(['id', 'tags', 'token']);
    expect(Buffer.from(thing.block.attributes[1].type).toString()).toBe('["map","string"]');
    expect(thing.block.attributes[2]).toMatchObject({ optional: true, sensitive: true, computed: false });
    expect(thing.block.blockTypes[0]).toMatchObject({ typeName: 'rule', nesting: NestingMode.LIST, minItems: 1, maxItems: 10 });
  });

  test('handlers receive requests in the documented form', async () => {
    const response = await provider.call('UpgradeResourceState', {
      typeName: 'fake_thing',
      version: 3,
      rawState: { json: Buffer.from('{"id":"a"}') },
    });
    const [echo] = response.diagnostics as Array<{ severity: number; detail: string }>;
    expect(echo.severity).toBe(DiagnosticSeverity.WARNING);
    // int64 is a number, an absent map is {}, bytes are Buffers.
    expect(JSON.parse(echo.detail)).toEqual({
      typeName: 'fake_thing',
      version: 3,
      rawState: { json: '<10 bytes>', flatmap: {} },
    });

    const plan = await provider.call('PlanResourceChange', {
      typeName: 'fake_thing',
      proposedNewState: { msgpack: Buffer.from([0x80]) },
      clientCapabilities: { deferralAllowed: true },
    });
    // Scalars default, empty bytes and absent messages are left out.
    expect(JSON.parse((plan.diagnostics as Array<{ detail: string }>)[0].detail)).toEqual({
      typeName: 'fake_thing',
      proposedNewState: { msgpack: '<1 bytes>' },
      clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: false },
    });
    expect(plan.plannedState).toEqual({ msgpack: Buffer.from([0x80]) });
    expect(plan.requiresReplace).toEqual([
      { steps: [{ attributeName: 'rule' }, { elementKeyInt: 3 }, { elementKeyString: 'k' }] },
    ]);
  });

  test('an RPC without a handler answers at once with an error diagnostic', async () => {
    const response = await provider.call('ImportResourceState', { typeName: 'fake_thing', id: 'x' }, 10000);
    expect(response.diagnostics).toEqual([
      { severity: DiagnosticSeverity.ERROR, summary: 'ImportResourceState is not supported by the secops provider', detail: '' },
    ]);
    const call = await provider.call('CallFunction', { name: 'f' }, 10000);
    expect(call.error).toEqual({ text: 'CallFunction is not supported by the secops provider' });
  });

  test('a handler that throws becomes an error diagnostic, secrets masked', async () => {
    const response = await provider.call('ReadResource', { typeName: 'fake_thing' });
    expect(response.diagnostics).toEqual([
      { severity: DiagnosticSeverity.ERROR, summary: 'ReadResource failed', detail: 'vendor refused key [REDACTED]' },
    ]);
    await plugin.waitForStderr('handler failed');
    expect(plugin.stderr()).not.toContain(FIXTURE_SECRET);
    // The process is still serving.
    await expect(provider.call('GetMetadata')).resolves.toMatchObject({ resources: [{ typeName: 'fake_thing' }] });
  });

  test('a handler returning a malformed response becomes an error diagnostic', async () => {
    const response = await provider.call('ValidateResourceConfig', { typeName: 'fake_thing' });
    const [diagnostic] = response.diagnostics as Array<{ summary: string; detail: string }>;
    expect(diagnostic.summary).toBe('The secops provider returned an invalid ValidateResourceConfig response');
    expect(diagnostic.detail).toContain('diagnostics: array expected');
  });

  test('StopProvider is answered while another call is in flight, and cancels it', async () => {
    const apply = provider.call('ApplyResourceChange', { typeName: 'fake_thing' });
    await plugin.waitForStderr('FIXTURE apply started');
    // A hang would outlast any deadline; 10 s only leaves room for a loaded CI machine.
    await expect(provider.call('StopProvider', {}, 10000)).resolves.toEqual({ Error: '' });
    // stderr is a separate pipe from the gRPC answer: wait for the line rather than race it.
    await plugin.waitForStderr('FIXTURE stop handler called');
    await expect(apply).resolves.toMatchObject({
      diagnostics: [{ severity: DiagnosticSeverity.ERROR, summary: 'apply interrupted', detail: 'Terraform asked the provider to stop' }],
    });
  });

  test('the health service reports "plugin" as serving', async () => {
    const health = new PluginClient('grpc.health.v1.Health', plugin, certificate);
    try {
      await expect(health.call('Check', { service: 'plugin' })).resolves.toEqual({ status: 1 });
      await expect(health.call('Check', { service: '' })).resolves.toEqual({ status: 1 });
      await expect(health.call('Check', { service: 'other' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
      // A request its decoder cannot read (a varint cut short) is answered, not left open.
      await expect(health.callRaw('Check', Buffer.from([0x0a, 0x85]))).rejects.toMatchObject({ code: grpc.status.INTERNAL });
    } finally {
      health.close();
    }
  });

  test('clients without the certificate Terraform announced are refused', async () => {
    const stranger = new PluginClient('grpc.health.v1.Health', plugin, clientCertificate());
    try {
      await expect(stranger.call('Check', { service: 'plugin' }, 10000)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    } finally {
      stranger.close();
    }
  });
});

describe('a plugin without handlers', () => {
  test('answers every RPC at once, with the protocol\'s natural answer where there is one', async () => {
    const plugin = await startPlugin(script, certificate, { FIXTURE_MODE: 'empty' });
    const provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
    try {
      await expect(provider.call('GetMetadata', {}, 10000)).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
      await expect(provider.call('GetFunctions', {}, 10000)).resolves.toEqual({ functions: {}, diagnostics: [] });
      await expect(provider.call('StopProvider', {}, 10000)).resolves.toEqual({ Error: '' });
      await expect(provider.call('GetProviderSchema', {}, 10000)).resolves.toMatchObject({
        diagnostics: [{ severity: DiagnosticSeverity.ERROR, summary: 'GetProviderSchema is not supported by the secops provider' }],
      });
    } finally {
      provider.close();
      plugin.stop();
    }
  });
});

describe('shutdown', () => {
  test('Controller.Shutdown ends the open streams and the process exits 0 in time', async () => {
    const plugin = await startPlugin(script, certificate);
    const controller = new PluginClient('plugin.GRPCController', plugin, certificate);
    const stdio = new PluginClient('plugin.GRPCStdio', plugin, certificate);
    const broker = new PluginClient('plugin.GRPCBroker', plugin, certificate);
    try {
      const streamsEnded = [stdio.stream('StreamStdio'), broker.stream('StartStream')].map(
        (stream) => new Promise<number>((resolve) => {
          stream.on('data', () => undefined);
          stream.on('error', () => undefined);
          stream.on('status', (status: grpc.StatusObject) => resolve(status.code));
        }),
      );
      await controller.call('Shutdown');
      // It exits by itself, with 0: nothing in the test kills it.
      await expect(plugin.exited).resolves.toBe(0);
      expect(await Promise.all(streamsEnded)).toEqual([grpc.status.OK, grpc.status.OK]);
    } finally {
      [controller, stdio, broker].forEach((client) => client.close());
      plugin.stop();
    }
  });
});

describe('when Terraform dies', () => {
  test('the orphaned plugin exits by itself', async () => {
    // A stand-in for Terraform that starts the plugin, reports its pid, and is then killed.
    const launcher = [
      "const { spawn } = require('node:child_process');",
      `const child = spawn(process.execPath, [${JSON.stringify(script)}], { stdio: ['ignore', 'pipe', 'ignore'] });`,
      "child.stdout.once('data', () => process.stdout.write(child.pid + '\\n'));",
    ].join('\n');
    const terraform = spawn(process.execPath, ['-e', launcher], {
      env: pluginEnv({ PLUGIN_CLIENT_CERT: certificate.certPem }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pluginPid = Number(await new Promise<string>((resolve) => terraform.stdout.once('data', (data) => resolve(String(data)))));
    expect(isRunning(pluginPid)).toBe(true);
    terraform.kill('SIGKILL');
    while (isRunning(pluginPid)) await new Promise((resolve) => setTimeout(resolve, 100));
  });
});

/** True while the process exists and is not a zombie. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('handlers given as a loader', () => {
  test('are loaded on the first RPC and served', async () => {
    const plugin = await startPlugin(script, certificate, { FIXTURE_MODE: 'loader' });
    const provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
    try {
      await expect(provider.call('GetMetadata')).resolves.toMatchObject({ resources: [{ typeName: 'fake_thing' }] });
    } finally {
      provider.close();
      plugin.stop();
    }
  });

  test('that fail turn every RPC into an error diagnostic saying why', async () => {
    const plugin = await startPlugin(script, certificate, { FIXTURE_MODE: 'failing-loader' });
    const provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
    try {
      await expect(provider.call('GetProviderSchema')).resolves.toMatchObject({
        diagnostics: [{ severity: DiagnosticSeverity.ERROR, summary: 'The secops provider failed to start', detail: 'registry failed to load' }],
      });
    } finally {
      provider.close();
      plugin.stop();
    }
  });
});

describe('without a client certificate (a test harness, not Terraform)', () => {
  test('it serves gRPC in plain text and announces no certificate', async () => {
    const child = spawn(process.execPath, [script], { env: pluginEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    const client = await new Promise<grpc.Client>((resolve) => child.stdout.once('data', (line: Buffer) => {
      const fields = String(line).trim().split('|');
      expect(fields[5]).toBe('');
      resolve(new grpc.Client(fields[3], grpc.credentials.createInsecure()));
    }));
    try {
      const [getMetadata] = serviceMethods('tfplugin6.Provider').filter(({ name }) => name === 'GetMetadata');
      const pass = (bytes: Buffer) => bytes;
      const response = await new Promise<Buffer>((resolve, reject) => client.makeUnaryRequest(
        getMetadata.path, pass, pass, encodeMessage(getMetadata.requestType, {}), { deadline: Date.now() + 10000 },
        (error, bytes) => (error ? reject(error) : resolve(bytes!)),
      ));
      expect(decodeMessage(getMetadata.responseType, response)).toMatchObject({ resources: [{ typeName: 'fake_thing' }] });
    } finally {
      client.close();
      child.kill('SIGKILL');
    }
  });
});

describe('constant responses', () => {
  test('are sent without loading the handlers, which other RPCs still load', async () => {
    const plugin = await startPlugin(script, certificate, { FIXTURE_MODE: 'constant-schema' });
    const provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
    try {
      // The loader of this fixture fails: a schema without diagnostics never ran it.
      const schema = await provider.call('GetProviderSchema');
      expect(Object.keys(schema.resourceSchemas as object)).toEqual(['constant_thing']);
      expect(schema.diagnostics).toEqual([]);
      await expect(provider.call('GetMetadata')).resolves.toMatchObject({
        diagnostics: [{ severity: DiagnosticSeverity.ERROR, summary: 'The secops provider failed to start', detail: 'registry failed to load' }],
      });
      await expect(provider.call('GetProviderSchema')).resolves.toEqual(schema);
    } finally {
      provider.close();
      plugin.stop();
    }
  });
});
