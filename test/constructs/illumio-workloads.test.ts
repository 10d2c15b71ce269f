import { TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, illumio } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

/** A pairing profile, its key, and two labelled unmanaged workloads: the shape of an onboarding stack. */
function onboardingStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  const db = new illumio.Label(stack, 'db', { key: 'role', value: 'db' });
  const prod = new illumio.Label(stack, 'prod', { key: 'env', value: 'prod' });
  const profile = new illumio.PairingProfile(stack, 'linux', { name: 'linux-prod', labels: [prod.href], enforcementMode: 'illuminated', keyLifespan: '86400' });
  new illumio.PairingKey(stack, 'key', { pairingProfileHref: profile.href, rotationTrigger: '2026-11' });
  const db1 = new illumio.Workload(stack, 'db1', {
    name: 'db1',
    hostname: 'db1.example.com',
    labels: [db.href, prod.href],
    enforcementMode: 'enforced',
    interfaces: [{ name: 'eth0', address: '10.0.0.5', cidrBlock: 24 }],
  });
  new illumio.WorkloadInterface(stack, 'db1-eth1', { workloadHref: db1.href, name: 'eth1', address: '192.168.0.5' });
  new illumio.ManagedWorkload(stack, 'web1', { hostname: 'web1.example.com', labels: [prod.href], enforcementMode: 'enforced' });
  new illumio.Ven(stack, 'web1-ven', { href: '/orgs/1/vens/5d3f', status: 'active', targetPceFqdn: 'pce2.example.com' });
  return stack;
}

describe('illumio workloads, pairing and VENs', () => {
  test('synthesize with the PCE\'s attribute names', () => {
    const synthesized = Testing.synth(onboardingStack());
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.Workload, {
      hostname: 'db1.example.com',
      labels: ['${secops_illumio_label.db.href}', '${secops_illumio_label.prod.href}'],
      interfaces: [{ name: 'eth0', address: '10.0.0.5', cidr_block: 24 }],
    });
    expect(synthesized).toHaveResourceWithProperties(illumio.PairingKey, { pairing_profile_href: '${secops_illumio_pairing_profile.linux.href}' });
    expect(synthesized).toHaveResourceWithProperties(illumio.Ven, { href: '/orgs/1/vens/5d3f', status: 'active' });
    expect([illumio.Workload, illumio.WorkloadInterface, illumio.ManagedWorkload, illumio.PairingProfile, illumio.PairingKey, illumio.Ven]
      .map((type) => type.tfResourceType)).toEqual([
      'secops_illumio_workload', 'secops_illumio_workload_interface', 'secops_illumio_managed_workload', 'secops_illumio_pairing_profile',
      'secops_illumio_pairing_key', 'secops_illumio_ven',
    ]);
  });

  test('the pairing key\'s activation code is a token, not a value, at synth', () => {
    const stack = onboardingStack();
    const key = stack.node.findChild('key') as illumio.PairingKey;
    expect(key.activationCode).toMatch(/\$\{TfToken\[/);
  });

  test('bad values fail at synth, naming the construct and the attribute', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.Workload(stack, 'bad', { labels: ['/orgs/1/sec_policy/draft/label_groups/x'], enforcementMode: 'build' });
    new illumio.PairingProfile(stack, 'uses', { name: 'p', allowedUsesPerKey: '0' });
    new illumio.Ven(stack, 'ven', { href: '/orgs/1/workloads/1', status: 'uninstalled' });
    const synth = (): string => Testing.synth(stack, true);
    expect(synth).toThrow('[stack/bad] labels: must hold label hrefs');
    expect(synth).toThrow(/\[stack\/bad\] enforcement_mode: .*idle/);
    expect(synth).toThrow('[stack/uses] allowed_uses_per_key: allowed_uses_per_key must be a positive whole number or "unlimited"');
    expect(synth).toThrow('[stack/ven] href: must be a VEN href');
    expect(synth).toThrow(/\[stack\/ven\] status: .*active/);
  });

  test('data sources by href, name or hostname, and lists with the PCE\'s filters', () => {
    const synthesized = Testing.synthScope((scope) => {
      new SecopsProvider(scope, 'secops');
      new illumio.DataWorkload(scope, 'db1', { hostname: 'db1.example.com' });
      new illumio.DataWorkloads(scope, 'prod', { labels: [['/orgs/1/labels/7']], managed: false });
      new illumio.DataWorkloadInterface(scope, 'eth0', { workloadHref: '/orgs/1/workloads/ab', name: 'eth0' });
      new illumio.DataPairingProfile(scope, 'linux', { name: 'linux-prod' });
      new illumio.DataPairingProfiles(scope, 'profiles', { name: 'linux' });
      new illumio.DataVen(scope, 'web1', { hostname: 'web1.example.com' });
      new illumio.DataVens(scope, 'suspended', { status: 'suspended' });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataWorkloads, { labels: [['/orgs/1/labels/7']], managed: false });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataVens, { status: 'suspended' });
  });
});
