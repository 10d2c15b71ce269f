(globalThis as unknown as { afterAll: (f: () => void) => void }).afterAll = () => undefined;
import { readFileSync } from 'node:fs';
import { startPlugin, clientCertificate, PluginClient } from '../test/provider/protocol/helpers';
import { encodeMessage, decodeMessage, serviceMethods } from '../src/provider/protocol/codec';
import { encodeValue } from '../src/provider/cty/msgpack';
import { encodeJsonValue } from '../src/provider/cty/json';
import { blockType, emptyObject } from '../src/provider/schema';
import { providerConfigBlock } from '../src/provider/provider-config';
import { vendors } from '../src/registry';
import { aclBindingRule } from '../src/resources/nomad/acl-binding-rule';

const script = process.argv[2] ?? '/work/main/assets/terraform-provider-secops.js';
const rounds = Number(process.argv[3] ?? 1);
const perRound = Number(process.argv[4] ?? 200);
const state = JSON.parse(readFileSync('/tmp/perf/ws/terraform.tfstate', 'utf8'));
const instances = state.resources[0].instances as Array<{ attributes: Record<string, unknown>; private: string }>;
const type = blockType(aclBindingRule.schema);

function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // ms (100 Hz)
}

(async () => {
  const certificate = clientCertificate();
  const plugin = await startPlugin(script, certificate, { V8_FLAGS: process.env.V8_FLAGS, XDG_CACHE_HOME: process.env.CACHE_DIR, NOMAD_ADDR: process.env.NOMAD_ADDR, NOMAD_TOKEN: process.env.NOMAD_TOKEN, NODE_EXTRA_CA_CERTS: '' });
  const client = new PluginClient('tfplugin6.Provider', plugin, certificate);
  const raw = (client as unknown as { client: Record<string, (b: Buffer, o: object, cb: (e: unknown, r?: Buffer) => void) => void> }).client;
  const methods = Object.fromEntries(serviceMethods('tfplugin6.Provider').map(m => [m.name, m]));
  const call = (name: string, request: Record<string, unknown>) => new Promise<Record<string, unknown>>((resolve, reject) => {
    raw[name]!(encodeMessage(methods[name]!.requestType, request), {}, (e, r) => e ? reject(e) : resolve(decodeMessage(methods[name]!.responseType, r!)));
  });
  await call('GetProviderSchema', {});
  if (process.env.SCHEMA_ONLY) {
    await new PluginClient('plugin.GRPCController', plugin, certificate).call('Shutdown').catch(() => undefined);
    await plugin.exited;
    process.exit(0);
  }
  const block = providerConfigBlock(vendors);
  const configured = await call('ConfigureProvider', { terraformVersion: '1.11.4', config: { msgpack: encodeValue(emptyObject(block, {}), blockType(block)) } });
  if ((configured.diagnostics as unknown[]).length) throw new Error(JSON.stringify(configured));
  const resource = async (i: number) => {
    const inst = instances[i % instances.length]!;
    const value = inst.attributes as Record<string, unknown>;
    const msg = { msgpack: encodeValue(value as never, type) };
    await call('UpgradeResourceState', { typeName: 'secops_nomad_acl_binding_rule', version: 0, rawState: { json: Buffer.from(encodeJsonValue(value as never, type)) } });
    await call('ReadResource', { typeName: 'secops_nomad_acl_binding_rule', currentState: msg, private: Buffer.from(inst.private, 'base64') });
    await call('ValidateResourceConfig', { typeName: 'secops_nomad_acl_binding_rule', config: { msgpack: encodeValue({ ...value, id: null } as never, type) } });
    await call('PlanResourceChange', { typeName: 'secops_nomad_acl_binding_rule', priorState: msg, proposedNewState: msg, config: { msgpack: encodeValue({ ...value, id: null } as never, type) }, priorPrivate: Buffer.from(inst.private, 'base64') });
  };
  for (let r = 0; r < rounds; r++) {
    const before = cpuOf(plugin.child.pid!);
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 10 }, async () => { while (next < perRound) await resource(next++); }));
    console.log(`${perRound} resources: provider CPU ${cpuOf(plugin.child.pid!) - before} ms, wall ${(performance.now() - t).toFixed(0)} ms, process total ${cpuOf(plugin.child.pid!)} ms`);
  }
  const controller = new PluginClient('plugin.GRPCController', plugin, certificate);
  await controller.call('Shutdown').catch(() => undefined);
  await plugin.exited;
  client.close();
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
