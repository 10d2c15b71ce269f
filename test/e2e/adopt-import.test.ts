import { TerraformWorkspace } from './workspace';
import { CarbonBlackClient, carbonBlackSettingsFromEnv } from '../../src/clients/carbonblack';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { ANY_SCOPE, CarbonBlackSimulator, DEFAULT_POLICY_ID } from '../../src/simulators/carbonblack';
import { IllumioSimulator } from '../../src/simulators/illumio';
import { NomadSimulator } from '../../src/simulators/nomad';

/**
 * Adopting existing objects with the real terraform binary: import IDs are checked for their
 * form, type and org before any request, unknown IDs are named with the vendor's answer, and
 * built-in objects survive destroy.
 */
const combined = (result: { stdout: string; stderr: string }) => `${result.stdout}\n${result.stderr}`.replace(/\s+/g, ' ');

describe('terraform import checks IDs and names what it cannot find', () => {
  let pce: IllumioSimulator;
  let nomad: NomadSimulator;
  let illumio: IllumioClient;
  let tf: TerraformWorkspace;

  const config = `
provider "secops" {}

resource "secops_illumio_label" "x" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_rule_set" "x" {
  name = "shop"
  scopes {}
}

resource "secops_nomad_acl_binding_rule" "x" {
  auth_method = "okta"
  bind_type   = "management"
}
`;

  beforeAll(async () => {
    pce = new IllumioSimulator();
    nomad = new NomadSimulator();
    await Promise.all([pce.start(), nomad.start()]);
    const env = {
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
      NOMAD_ADDR: nomad.url,
      NOMAD_TOKEN: nomad.managementToken,
    };
    illumio = new IllumioClient(illumioSettingsFromEnv({}, env));
    tf = new TerraformWorkspace(env);
    tf.writeConfig(config);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await Promise.all([pce?.stop(), nomad?.stop()]);
  });

  test('a rule set href imported as a label is refused with the expected form; the rule set is untouched', async () => {
    const ruleSet = await illumio.createDraft('rule_sets', { name: 'shop', scopes: [[]] });
    const result = await tf.expect(1, 'import', '-input=false', 'secops_illumio_label.x', ruleSet.href);
    expect(combined(result)).toContain(`Wrong import ID for secops_illumio_label "${ruleSet.href}" is not the href of a labels object.`
      + ` Expected: /orgs/${pce.orgId}/labels/<id>`);
    expect((await tf.run('state', 'list')).stdout).toBe('');
  });

  test('an href of another org is refused', async () => {
    const result = await tf.expect(1, 'import', '-input=false', 'secops_illumio_label.x', `/orgs/${pce.orgId + 1}/labels/1`);
    expect(combined(result)).toContain(`belongs to org ${pce.orgId + 1}, but the provider is configured for org ${pce.orgId}`);
  });

  test('a rule set imported by its active href, as a full URL, is tracked by its draft href', async () => {
    const ruleSet = await illumio.findDraftByName('rule_sets', 'shop');
    const active = `${pce.url}/api/v2${ruleSet!.href.replace('/draft/', '/active/')}`;
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_rule_set.x', active);
    expect((await tf.expect(0, 'state', 'show', 'secops_illumio_rule_set.x')).stdout).toContain(`"${ruleSet!.href}"`);
  });

  test('an unknown ID is quoted with the vendor\'s answer', async () => {
    const missing = `/orgs/${pce.orgId}/labels/999999`;
    const illumioResult = await tf.expect(1, 'import', '-input=false', 'secops_illumio_label.x', missing);
    expect(combined(illumioResult)).toContain(`Cannot import secops_illumio_label "${missing}" No object "${missing}" exists: Illumio PCE answered 404 on GET ${missing}: Not found.`);
    const uuid = '6f1c2a0e-8d7b-4c1e-9a55-3b2d1e0f9a77';
    const nomadResult = await tf.expect(1, 'import', '-input=false', 'secops_nomad_acl_binding_rule.x', uuid);
    expect(combined(nomadResult)).toMatch(new RegExp(`No object "${uuid}" exists: Nomad answered 404 on GET /v1/acl/binding-rule/${uuid}`));
    expect(combined(nomadResult)).not.toContain('Cannot import non-existent remote object');
  });

  test('a Nomad rule ID that is not a UUID is refused', async () => {
    const result = await tf.expect(1, 'import', '-input=false', 'secops_nomad_acl_binding_rule.x', 'engineers');
    expect(combined(result)).toContain('"engineers" is not a Nomad ACL binding rule ID (a UUID)');
  });
});

describe('Carbon Black\'s built-in scope and default policy are adopt-only', () => {
  let cbc: CarbonBlackSimulator;
  let client: CarbonBlackClient;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    cbc = new CarbonBlackSimulator();
    await cbc.start();
    const env = { CBC_URL: cbc.url, CBC_ORG_KEY: cbc.orgKey, CBC_API_ID: cbc.apiId, CBC_API_SECRET: cbc.apiSecret };
    client = new CarbonBlackClient(carbonBlackSettingsFromEnv({}, env));
    tf = new TerraformWorkspace(env);
    tf.writeConfig(`
provider "secops" {}

import {
  to = secops_carbonblack_scope.any
  id = "${ANY_SCOPE.scope_id}"
}

import {
  to = secops_carbonblack_policy.default
  id = "${DEFAULT_POLICY_ID}"
}

resource "secops_carbonblack_scope" "any" {
  name            = "Any"
  lifecycle_phase = "deployed"
  clusters        = ["*"]
}

resource "secops_carbonblack_policy" "default" {
  name     = "default"
  scope_id = secops_carbonblack_scope.any.scope_id
  status   = "disabled"
}
`);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await client?.close();
    await cbc?.stop();
  });

  test('import and configure work; destroy leaves both with warnings and an empty state', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect((await client.getPolicy(DEFAULT_POLICY_ID))?.status).toBe('disabled');
    const destroyed = await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(combined(destroyed)).toContain('the default Carbon Black Cloud policy "default" (on the protected scope "Any") was not deleted');
    expect(combined(destroyed)).toContain('the protected Carbon Black Cloud scope "Any" was not deleted');
    expect(cbc.policies().map(p => p.policy_id)).toEqual([DEFAULT_POLICY_ID]);
    expect(cbc.scopes().map(s => s.name)).toEqual(['Any']);
    expect(cbc.requests.filter(r => r.method === 'DELETE')).toEqual([]);
    expect((await tf.run('state', 'list')).stdout).toBe('');
  });
});

describe('Illumio built-in objects and imported services', () => {
  let pce: IllumioSimulator;
  let illumio: IllumioClient;
  let tf: TerraformWorkspace;
  let webHref: string;

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    const env = {
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
    };
    illumio = new IllumioClient(illumioSettingsFromEnv({}, env));
    // The simulator does not seed the PCE's built-ins: made here by name, as every PCE has them.
    const all = await illumio.createDraft('services', { name: 'All Services', service_ports: [{ proto: 6 }] });
    const any = await illumio.createDraft('ip_lists', { name: 'Any (0.0.0.0/0 and ::/0)', ip_ranges: [{ from_ip: '0.0.0.0/0' }, { from_ip: '::/0' }] });
    const web = await illumio.createDraft('services', { name: 'web', service_ports: [{ proto: 6, port: 80 }] });
    webHref = web.href;
    tf = new TerraformWorkspace(env);
    tf.writeConfig(`
provider "secops" {}

import {
  to = secops_illumio_service.all
  id = "${all.href}"
}

import {
  to = secops_illumio_ip_list.any
  id = "${any.href}"
}

import {
  to = secops_illumio_service.web
  id = "${web.href}"
}

resource "secops_illumio_service" "all" {
  name        = "All Services"
  description = "every protocol and port"
  service_ports {
    proto = 6
  }
}

resource "secops_illumio_ip_list" "any" {
  name = "Any (0.0.0.0/0 and ::/0)"
  ip_ranges {
    from_ip = "0.0.0.0/0"
  }
  ip_ranges {
    from_ip = "::/0"
  }
}

resource "secops_illumio_service" "web" {
  name = "web-80"
  service_ports {
    proto = 6
    port  = 80
  }
}
`);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await pce?.stop();
  });

  test('an imported service is updated with the configured fields only', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const puts = pce.requests.filter(r => r.method === 'PUT' && r.path.endsWith(webHref));
    expect(puts.map(r => JSON.parse(r.body))).toEqual([{ name: 'web-80', service_ports: [{ proto: 6, port: 80 }] }]);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('destroy leaves the built-in service and IP list, with warnings, and deletes the ordinary service', async () => {
    const destroyed = await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(combined(destroyed)).toContain('the PCE\'s built-in service "All Services" was not deleted');
    expect(combined(destroyed)).toContain('the PCE\'s built-in IP list "Any (0.0.0.0/0 and ::/0)" was not deleted');
    expect((await illumio.listDrafts('services')).map(s => s.name)).toEqual(['All Services']);
    expect((await illumio.listDrafts('ip_lists')).map(s => s.name)).toEqual(['Any (0.0.0.0/0 and ::/0)']);
    expect((await tf.run('state', 'list')).stdout).toBe('');
  });
});
