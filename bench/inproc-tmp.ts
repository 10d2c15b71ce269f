import { readFileSync } from 'node:fs';
import { encodeMessage, decodeMessage, serviceMethods } from '../src/provider/protocol/codec';
import { encodeValue } from '../src/provider/cty/msgpack';
import { encodeJsonValue } from '../src/provider/cty/json';
import { blockType, emptyObject } from '../src/provider/schema';
import { providerConfigBlock } from '../src/provider/provider-config';
import { createProviderHandlers } from '../src/provider/provider';
import { handlerName } from '../src/provider/protocol/messages';
import { vendors } from '../src/registry';
import { aclBindingRule } from '../src/resources/nomad/acl-binding-rule';

const state = JSON.parse(readFileSync('/tmp/perf/ws/terraform.tfstate', 'utf8'));
const instances = state.resources[0].instances as Array<{ attributes: Record<string, unknown>; private: string }>;
const type = blockType(aclBindingRule.schema);
const methods = Object.fromEntries(serviceMethods('tfplugin6.Provider').map(m => [m.name, m]));
const handlers = createProviderHandlers(vendors) as unknown as Record<string, (r: unknown, c: unknown) => Promise<Record<string, unknown>>>;
const rpc = { rpc: 'x', signal: new AbortController().signal };
const call = async (name: string, request: Record<string, unknown>) => {
  const m = methods[name]!;
  const bytes = encodeMessage(m.requestType, request);
  const t = process.hrtime.bigint();
  const decoded = decodeMessage(m.requestType, bytes);
  const result = await handlers[handlerName(name)]!(decoded, rpc);
  const out = encodeMessage(m.responseType, result);
  spent[name] = (spent[name] ?? 0n) + (process.hrtime.bigint() - t);
  return out;
};
const spent: Record<string, bigint> = {};
(async () => {
  const block = providerConfigBlock(vendors);
  await call('ConfigureProvider', { terraformVersion: '1.11.4', config: { msgpack: encodeValue(emptyObject(block, {}), blockType(block)) } });
  const requests = instances.map(inst => {
    const value = inst.attributes as never;
    const msg = { msgpack: encodeValue(value, type) };
    const config = { msgpack: encodeValue({ ...(inst.attributes), id: null } as never, type) };
    const priv = Buffer.from(inst.private, 'base64');
    return [
      ['UpgradeResourceState', { typeName: 'secops_nomad_acl_binding_rule', version: 0, rawState: { json: Buffer.from(encodeJsonValue(value, type)) } }],
      ['ReadResource', { typeName: 'secops_nomad_acl_binding_rule', currentState: msg, private: priv }],
      ['ValidateResourceConfig', { typeName: 'secops_nomad_acl_binding_rule', config }],
      ['PlanResourceChange', { typeName: 'secops_nomad_acl_binding_rule', priorState: msg, proposedNewState: msg, config, priorPrivate: priv }],
    ] as const;
  });
  const rounds = Number(process.argv[2] ?? 10);
  for (let r = 0; r < rounds; r++) {
    for (const k of Object.keys(spent)) delete spent[k];
    const cpu = process.cpuUsage();
    for (const reqs of requests) for (const [name, req] of reqs) await call(name, req as Record<string, unknown>);
    const used = process.cpuUsage(cpu);
    console.log(`round ${r}: ${((used.user + used.system) / 1000).toFixed(0)} ms CPU for ${requests.length} resources;`, Object.entries(spent).map(([k, v]) => `${k} ${(Number(v) / 1e6).toFixed(1)}`).join(', '));
  }
  process.exit(0);
})();
