// The precompiled descriptor and the message forms handlers see.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from './helpers';
import { decodeMessage, encodeMessage, protocolRoot, serviceMethods } from '../../../src/provider/protocol/codec';
import { handlerName } from '../../../src/provider/protocol/messages';

function checkDescriptor(repo: string) {
  return spawnSync(process.execPath, [join(repo, 'scripts', 'proto.mjs'), '--check'], { encoding: 'utf8' });
}

describe('descriptor.json', () => {
  test('is up to date with the .proto files (else run `node scripts/proto.mjs`)', () => {
    const result = checkDescriptor(REPO);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the check notices a .proto edit', () => {
    const copy = tempDir('proto');
    const protocol = join(copy, 'src', 'provider', 'protocol');
    mkdirSync(protocol, { recursive: true });
    cpSync(join(REPO, 'scripts', 'proto.mjs'), join(copy, 'scripts', 'proto.mjs'));
    cpSync(join(REPO, 'src', 'provider', 'protocol'), protocol, { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    const proto = join(protocol, 'tfplugin6.proto');
    writeFileSync(proto, readFileSync(proto, 'utf8').replace('bool write_only = 11;', 'bool write_only = 12;'));
    const result = checkDescriptor(copy);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('out of date');
  });

  test('describes every RPC of protocol 6.8 and the go-plugin services', () => {
    expect(serviceMethods('tfplugin6.Provider').map((method) => handlerName(method.name))).toEqual([
      'getMetadata', 'getProviderSchema', 'validateProviderConfig', 'validateResourceConfig',
      'validateDataResourceConfig', 'upgradeResourceState', 'configureProvider', 'readResource',
      'planResourceChange', 'applyResourceChange', 'importResourceState', 'moveResourceState',
      'readDataSource', 'validateEphemeralResourceConfig', 'openEphemeralResource',
      'renewEphemeralResource', 'closeEphemeralResource', 'getFunctions', 'callFunction', 'stopProvider',
    ]);
    expect(serviceMethods('plugin.GRPCController')[0].path).toBe('/plugin.GRPCController/Shutdown');
    expect(serviceMethods('plugin.GRPCStdio')[0]).toMatchObject({ path: '/plugin.GRPCStdio/StreamStdio', responseStream: true });
    expect(serviceMethods('plugin.GRPCBroker')[0]).toMatchObject({ requestStream: true, responseStream: true });
    expect(serviceMethods('grpc.health.v1.Health')[0].path).toBe('/grpc.health.v1.Health/Check');
  });
});

describe('message forms', () => {
  const type = (name: string) => protocolRoot().lookupType(name);

  test('requests: scalars defaulted, empty bytes and absent messages left out, arrays and maps always there', () => {
    const wire = type('tfplugin6.PlanResourceChange.Request').encode({ typeName: 't' }).finish();
    expect(decodeMessage(type('tfplugin6.PlanResourceChange.Request'), wire)).toEqual({ typeName: 't' });
    const call = type('tfplugin6.CallFunction.Request').encode({}).finish();
    expect(decodeMessage(type('tfplugin6.CallFunction.Request'), call)).toEqual({ name: '', arguments: [] });
    const raw = type('tfplugin6.RawState').encode({}).finish();
    expect(decodeMessage(type('tfplugin6.RawState'), raw)).toEqual({ flatmap: {} });
  });

  test('requests: proto3 `optional` fields keep their presence, even when empty', () => {
    const renew = type('tfplugin6.RenewEphemeralResource.Request');
    expect(decodeMessage(renew, renew.encode({ typeName: 't' }).finish())).toEqual({ typeName: 't' });
    expect(decodeMessage(renew, renew.encode({ typeName: 't', private: Buffer.alloc(0) }).finish()))
      .toEqual({ typeName: 't', private: Buffer.alloc(0) });
  });

  test('int64 travels as a JS number both ways', () => {
    const upgrade = type('tfplugin6.UpgradeResourceState.Request');
    const decoded = decodeMessage(upgrade, encodeMessage(upgrade, { typeName: 't', version: 2 ** 40 }));
    expect(decoded.version).toBe(2 ** 40);
  });

  test('responses: maps, nested messages, enums as numbers and timestamps encode', () => {
    const open = type('tfplugin6.OpenEphemeralResource.Response');
    const bytes = encodeMessage(open, { renewAt: { seconds: 1700000000, nanos: 5 }, private: Buffer.from('p') });
    expect(decodeMessage(open, bytes)).toEqual({ diagnostics: [], renewAt: { seconds: 1700000000, nanos: 5 }, private: Buffer.from('p') });
  });

  test('responses of the wrong kind are rejected rather than coerced', () => {
    const response = type('tfplugin6.ConfigureProvider.Response');
    expect(() => encodeMessage(response, { diagnostics: [{ severity: 'ERROR', summary: 's' }] })).toThrow('severity: enum value expected');
    expect(() => encodeMessage(response, { diagnostics: [{ severity: 1, summary: 42 }] })).toThrow('summary: string expected');
  });
});
