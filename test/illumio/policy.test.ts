import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, TerraformResource, TerraformStack } from 'cdktf';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { DRAFT_POLICY_RESOURCES, DRAFT_POLICY_TYPES, DraftPolicyType, PROVISIONED_RESOURCE_TYPES } from '../../src/illumio/policy';
import { list, object, STRING } from '../../src/provider/cty/types';
import { Dynamic } from '../../src/provider/cty/values';
import { vendors } from '../../src/registry';
import { provision } from '../../src/resources/illumio/provision';
import { IllumioSimulator, POLICY_TYPES } from '../../src/simulators/illumio';
import { SecopsProvider } from '../../src/synth/secops-provider';

// The one list of draft policy types (src/illumio/policy.ts) and everything that derives from it.

test('every draft policy type is a resource the provider serves', () => {
  const illumioResources = vendors.find(vendor => vendor.name === 'illumio')!.resources.map(resource => resource.typeName);
  expect(illumioResources).toEqual(expect.arrayContaining([...PROVISIONED_RESOURCE_TYPES]));
  expect(PROVISIONED_RESOURCE_TYPES).toEqual(expect.arrayContaining(Object.values(DRAFT_POLICY_RESOURCES)));
});

test('the simulator serves exactly the draft policy types', () => {
  expect([...POLICY_TYPES].sort()).toEqual([...DRAFT_POLICY_TYPES].sort());
});

test('synthesis provisions an object of every provisioned resource type', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  for (const type of PROVISIONED_RESOURCE_TYPES) {
    new TerraformResource(stack, type, { terraformResourceType: type });
  }
  const outdir = Testing.fullSynth(stack);
  const synthesized = JSON.parse(readFileSync(join(outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8'));
  const objects = synthesized.resource.secops_illumio_provision['secops-illumio-provision'].objects;
  expect(Object.values(objects).sort()).toEqual(PROVISIONED_RESOURCE_TYPES.map(type => `\${${type}.${type}}`).sort());
});

describe('against the PCE simulator', () => {
  const pce = new IllumioSimulator();
  let client: IllumioClient;

  beforeAll(async () => {
    await pce.start();
    const { url: host, orgId, apiKeyUsername, apiKeySecret } = pce;
    client = new IllumioClient(illumioSettingsFromEnv({ host, orgId: String(orgId), apiKeyUsername, apiKeySecret }, {}));
  });

  afterAll(async () => {
    await client.close();
    await pce.stop();
  });

  // A record over the union: a new draft type fails to compile here until it has a body.
  const bodies: Record<DraftPolicyType, Record<string, unknown>> = {
    label_groups: { name: 'web-roles', key: 'role' },
    ip_lists: { name: 'office', ip_ranges: [{ from_ip: '10.20.0.0/16' }] },
    services: { name: 'https', service_ports: [{ proto: 6, port: 443 }] },
    rule_sets: { name: 'shop', scopes: [[]] },
    virtual_services: { name: 'vip', service_ports: [{ proto: 6, port: 443 }] },
  };

  test('the client writes every draft type and the provision resource provisions each of them', async () => {
    const created = await Promise.all(DRAFT_POLICY_TYPES.map(type => client.createDraft(type, bodies[type])));
    const objects = new Dynamic(list(object({ href: STRING })), created.map(({ href }) => ({ href })));

    await provision.create({
      client, signal: new AbortController().signal, revision: undefined, recordRevision() {}, created() {}, warn() {},
    }, { objects, description: null, version_href: null });

    expect(Object.values(await client.pending()).flat()).toEqual([]);
    for (const type of DRAFT_POLICY_TYPES) expect(pce.active(type).map(item => item.body.name)).toEqual([bodies[type].name]);
  });
});
