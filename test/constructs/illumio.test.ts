import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, illumio } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

function webStack(): { stack: TerraformStack; web: illumio.Label } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops', { illumio: { pceHost: 'https://pce.example.com:8443', orgId: '3' } });
  const web = new illumio.Label(stack, 'web', { key: 'role', value: 'web' });
  return { stack, web };
}

describe('SecopsProvider illumio block', () => {
  test('synthesizes the official provider\'s setting names', () => {
    const synthesized = Testing.synth(webStack().stack);
    expect(synthesized).toHaveProviderWithProperties(SecopsProvider, {
      illumio: { pce_host: 'https://pce.example.com:8443', org_id: '3' },
    });
  });
});

describe('illumio.Label', () => {
  test('synthesizes secops_illumio_label', () => {
    const synthesized = Testing.synth(webStack().stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.Label, { key: 'role', value: 'web' });
    expect(illumio.Label.tfResourceType).toBe('secops_illumio_label');
  });

  test('its href is a token other constructs reference', () => {
    const { stack, web } = webStack();
    new illumio.DataLabel(stack, 'again', { href: web.href });
    new TerraformOutput(stack, 'web_href', { value: web.href });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataLabel, { href: '${secops_illumio_label.web.href}' });
    expect(JSON.parse(synthesized).output.web_href.value).toBe('${secops_illumio_label.web.href}');
  });

  test('importFrom takes the label\'s href', () => {
    const { stack, web } = webStack();
    web.importFrom('/orgs/1/labels/12');
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([{ id: '/orgs/1/labels/12', to: 'secops_illumio_label.web' }]);
  });

  test('an empty value fails at synth, naming the construct and the attribute', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.Label(stack, 'blank', { key: 'role', value: '' });
    expect(() => Testing.synth(stack, true)).toThrow('[stack/blank] value: must not be empty');
  });
});

describe('illumio data sources', () => {
  test('DataLabel by exact key and value, DataLabels by key', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      new illumio.DataLabel(scope, 'prod', { key: 'env', value: 'prod' });
      new illumio.DataLabels(scope, 'apps', { key: 'app' });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataLabel, { key: 'env', value: 'prod' });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataLabels, { key: 'app' });
  });

  test('DataLabel with neither href nor key and value fails at synth', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.DataLabel(stack, 'vague', { key: 'env' });
    expect(() => Testing.synth(stack, true)).toThrow('give href, or both key and value');
  });
});

describe('illumio.Provision', () => {
  test('takes the stack\'s policy objects by reference, so any change to one re-provisions', () => {
    const { stack, web } = webStack();
    new illumio.Provision(stack, 'provision', { objects: { web: { href: web.href, updated_at: web.updatedAt } } });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.Provision, {
      objects: { web: { href: '${secops_illumio_label.web.href}', updated_at: '${secops_illumio_label.web.updated_at}' } },
    });
  });
});

/** A ring-fenced application: every Illumio policy construct, wired the way users write them. */
function ringFence(stack: TerraformStack) {
  new SecopsProvider(stack, 'secops');
  const app = new illumio.Label(stack, 'app', { key: 'app', value: 'shop' });
  const web = new illumio.Label(stack, 'web', { key: 'role', value: 'web' });
  const tiers = new illumio.LabelGroup(stack, 'tiers', { key: 'role', name: 'shop tiers', labels: [web.href] });
  const office = new illumio.IpList(stack, 'office', { name: 'office', ipRanges: [{ fromIp: '10.20.0.0/16' }] });
  const https = new illumio.Service(stack, 'https', { name: 'https', servicePorts: [{ proto: 6, port: 443 }] });
  const ruleSet = new illumio.RuleSet(stack, 'shop', { name: 'shop', scopes: [{ label: [{ href: app.href }] }] });
  const rule = new illumio.SecurityRule(stack, 'office-to-web', {
    ruleSetHref: ruleSet.href,
    resolveLabelsAs: { providers: ['workloads'], consumers: ['workloads'] },
    providers: [{ labelGroup: tiers.href }],
    consumers: [{ ipList: office.href }],
    ingressServices: [{ href: https.href }],
  });
  const vip = new illumio.VirtualService(stack, 'vip', {
    name: 'shop-vip',
    labels: [web.href],
    servicePorts: [{ proto: 6, port: 8443 }],
    serviceAddresses: [{ fqdn: 'shop.example.com', port: 443 }],
  });
  const toVip = new illumio.SecurityRule(stack, 'office-to-vip', {
    ruleSetHref: ruleSet.href,
    resolveLabelsAs: { providers: ['virtual_services'], consumers: ['workloads'] },
    providers: [{ virtualService: vip.href }],
    consumers: [{ ipList: office.href }],
  });
  const settings = new illumio.FirewallSettings(stack, 'settings', { blockedConnectionRejectScopes: [[app.href]] });
  const policy = [tiers, office, https, ruleSet, rule, vip, toVip, settings];
  // Each value is the whole resource (`${secops_illumio_rule_set.shop}`): any change to it re-provisions.
  new illumio.Provision(stack, 'provision', {
    objects: Object.fromEntries(policy.map(object => [object.node.id, `\${${object.fqn}}`])),
  });
}

describe('illumio policy constructs', () => {
  test('a ring-fenced application synthesizes every policy construct with its references', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    ringFence(stack);
    const synthesized = Testing.synth(stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.LabelGroup, { key: 'role', labels: ['${secops_illumio_label.web.href}'] });
    expect(synthesized).toHaveResourceWithProperties(illumio.IpList, { ip_ranges: [{ from_ip: '10.20.0.0/16' }] });
    expect(synthesized).toHaveResourceWithProperties(illumio.Service, { service_ports: [{ proto: 6, port: 443 }] });
    expect(synthesized).toHaveResourceWithProperties(illumio.RuleSet, { scopes: [{ label: [{ href: '${secops_illumio_label.app.href}' }] }] });
    expect(synthesized).toHaveResourceWithProperties(illumio.SecurityRule, {
      rule_set_href: '${secops_illumio_rule_set.shop.href}',
      consumers: [{ ip_list: '${secops_illumio_ip_list.office.href}' }],
    });
    expect(synthesized).toHaveResourceWithProperties(illumio.VirtualService, {
      labels: ['${secops_illumio_label.web.href}'], service_ports: [{ proto: 6, port: 8443 }],
    });
    expect(synthesized).toHaveResourceWithProperties(illumio.SecurityRule, { providers: [{ virtual_service: '${secops_illumio_virtual_service.vip.href}' }] });
    expect(synthesized).toHaveResourceWithProperties(illumio.FirewallSettings, { blocked_connection_reject_scopes: [['${secops_illumio_label.app.href}']] });
    expect(JSON.parse(synthesized).resource.secops_illumio_provision.provision.objects).toEqual({
      'tiers': '${secops_illumio_label_group.tiers}',
      'office': '${secops_illumio_ip_list.office}',
      'https': '${secops_illumio_service.https}',
      'shop': '${secops_illumio_rule_set.shop}',
      'office-to-web': '${secops_illumio_security_rule.office-to-web}',
      'vip': '${secops_illumio_virtual_service.vip}',
      'office-to-vip': '${secops_illumio_security_rule.office-to-vip}',
      'settings': '${secops_illumio_firewall_settings.settings}',
    });
  });

  test('the data sources synthesize', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      new illumio.DataLabelGroup(scope, 'tiers', { name: 'shop tiers' });
      new illumio.DataIpList(scope, 'any', { name: 'Any (0.0.0.0/0 and ::/0)' });
      new illumio.DataIpLists(scope, 'all', {});
      new illumio.DataService(scope, 'https', { name: 'https' });
      new illumio.DataServices(scope, 'every', {});
      new illumio.DataRuleSet(scope, 'shop', { name: 'shop' });
      new illumio.DataRuleSets(scope, 'rule-sets', {});
      new illumio.DataLabelGroups(scope, 'role-groups', { key: 'role' });
      new illumio.DataVirtualService(scope, 'vip', { name: 'shop-vip' });
      new illumio.DataVirtualServices(scope, 'vips', { serviceProto: 6, labels: [['/orgs/1/labels/1']] });
      new illumio.DataFirewallSettings(scope, 'enforced', { pversion: 'active' });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataIpList, { name: 'Any (0.0.0.0/0 and ::/0)' });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataRuleSet, { name: 'shop' });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataLabelGroups, { key: 'role' });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataVirtualServices, { service_proto: 6, labels: [['/orgs/1/labels/1']] });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataFirewallSettings, { pversion: 'active' });
  });
});

describe('provisioning is wired by the constructs', () => {
  // Wiring happens in the stack's synthesizer, as `cdktf synth` runs it: a full synthesis.
  const provisionsOf = (stack: TerraformStack) => {
    const outdir = Testing.fullSynth(stack);
    return JSON.parse(readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')).resource?.secops_illumio_provision;
  };

  test('a stack with policy objects gets one provision resource over all of them', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.IpList(stack, 'office', { name: 'office', ipRanges: [{ fromIp: '10.20.0.0/16' }] });
    new illumio.Service(stack, 'https', { name: 'https', servicePorts: [{ proto: 6, port: 443 }] });
    new illumio.VirtualService(stack, 'vip', { name: 'vip', servicePorts: [{ proto: 6, port: 443 }] });
    new illumio.FirewallSettings(stack, 'settings', {});
    const provisions = provisionsOf(stack);
    expect(Object.keys(provisions)).toEqual(['secops-illumio-provision']);
    expect(provisions['secops-illumio-provision'].objects).toEqual({
      'stack/office': '${secops_illumio_ip_list.office}',
      'stack/https': '${secops_illumio_service.https}',
      'stack/vip': '${secops_illumio_virtual_service.vip}',
      'stack/settings': '${secops_illumio_firewall_settings.settings}',
    });
  });

  test('labels alone, or a provision resource of the user\'s own, add none', () => {
    const labelsOnly = webStack().stack;
    expect(provisionsOf(labelsOnly)).toBeUndefined();

    const { stack, web } = webStack();
    const office = new illumio.IpList(stack, 'office', { name: 'office' });
    new illumio.Provision(stack, 'mine', { objects: { office: `\${${office.fqn}}`, web: web.href } });
    expect(Object.keys(provisionsOf(stack))).toEqual(['mine']);
  });
});
