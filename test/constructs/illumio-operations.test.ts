import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, illumio } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

/** A platform team's Illumio operations: a cluster and its profile, a SIEM, RBAC, org settings. */
function operationsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  const app = new illumio.Label(stack, 'app', { key: 'app', value: 'shop' });
  const cluster = new illumio.ContainerCluster(stack, 'k8s', { name: 'prod-k8s', description: 'production' });
  new illumio.ContainerWorkloadProfile(stack, 'shop', {
    containerClusterHref: cluster.href, name: 'shop', assignLabels: [app.href], mode: 'enforced', logTraffic: true,
  });
  new illumio.SyslogDestination(stack, 'siem', {
    type: 'remote_syslog',
    description: 'SIEM',
    pceScope: ['pce.example.com'],
    auditEventLogger: { configurationEventIncluded: true, systemEventIncluded: true, minSeverity: 'warning' },
    trafficEventLogger: {
      trafficFlowAllowedEventIncluded: false,
      trafficFlowPotentiallyBlockedEventIncluded: true,
      trafficFlowBlockedEventIncluded: true,
    },
    nodeStatusIncluded: false,
    remoteSyslog: { address: 'siem.example.com', port: 6514, protocol: 6, tlsEnabled: true, tlsVerifyCert: true },
  });
  new illumio.TrafficCollectorSetting(stack, 'netbios', { transmission: 'broadcast', action: 'drop', target: { proto: 17, dstPort: 137 } });
  new illumio.EventSettings(stack, 'events', { format: 'CEF', auditEventMinSeverity: 'warning' });
  new illumio.WorkloadSettings(stack, 'workloads', { workloadGoodbyeTimeoutSeconds: [{ scope: [], value: 900 }] });
  const owners = new illumio.AuthSecurityPrincipal(stack, 'owners', { type: 'group', name: 'shop-owners' });
  new illumio.Permission(stack, 'owners-manage-shop', { role: '/orgs/1/roles/ruleset_manager', authSecurityPrincipal: owners.href, scope: [app.href] });
  new illumio.SecurityPrincipal(stack, 'admins', { sid: 'S-1-5-21-512', name: 'Domain Admins' });
  return stack;
}

describe('illumio operations constructs', () => {
  test('synthesize with their references', () => {
    const synthesized = Testing.synth(operationsStack());
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.ContainerWorkloadProfile, {
      container_cluster_href: '${secops_illumio_container_cluster.k8s.href}', assign_labels: ['${secops_illumio_label.app.href}'], mode: 'enforced',
    });
    expect(synthesized).toHaveResourceWithProperties(illumio.SyslogDestination, {
      audit_event_logger: { configuration_event_included: true, system_event_included: true, min_severity: 'warning' },
      remote_syslog: { address: 'siem.example.com', port: 6514, protocol: 6, tls_enabled: true, tls_verify_cert: true },
    });
    expect(synthesized).toHaveResourceWithProperties(illumio.TrafficCollectorSetting, { target: { proto: 17, dst_port: 137 } });
    expect(synthesized).toHaveResourceWithProperties(illumio.WorkloadSettings, { workload_goodbye_timeout_seconds: [{ scope: [], value: 900 }] });
    expect(synthesized).toHaveResourceWithProperties(illumio.Permission, {
      auth_security_principal: '${secops_illumio_auth_security_principal.owners.href}', scope: ['${secops_illumio_label.app.href}'],
    });
    expect(illumio.ContainerCluster.tfResourceType).toBe('secops_illumio_container_cluster');
  });

  test('the cluster token is an output attribute, not an argument', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const cluster = new illumio.ContainerCluster(stack, 'k8s', { name: 'k8s' });
    new TerraformOutput(stack, 'token', { value: cluster.containerClusterToken, sensitive: true });
    const synthesized = JSON.parse(Testing.synth(stack));
    expect(synthesized.output.token).toEqual({ value: '${secops_illumio_container_cluster.k8s.container_cluster_token}', sensitive: true });
    expect(synthesized.resource.secops_illumio_container_cluster.k8s).toEqual({ name: 'k8s' });
  });

  test('importFrom takes the object\'s href', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.EventSettings(stack, 'events', {}).importFrom('/orgs/1/settings/events');
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([{ id: '/orgs/1/settings/events', to: 'secops_illumio_event_settings.events' }]);
  });

  test('bad values fail at synth, naming the construct and the attribute', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new illumio.ContainerWorkloadProfile(stack, 'bad', { containerClusterHref: 'k8s', mode: 'strict' });
    new illumio.Permission(stack, 'global', { role: '/orgs/1/roles/admin', authSecurityPrincipal: '/orgs/1/auth_security_principals/x', scope: ['/orgs/1/labels/1'] });
    new illumio.EventSettings(stack, 'events', { format: 'XML' });
    const synth = () => Testing.synth(stack, true);
    expect(synth).toThrow(/\[stack\/bad\] container_cluster_href: must be a container cluster href/);
    expect(synth).toThrow(/\[stack\/bad\] mode: must be one of/);
    expect(synth).toThrow(/\[stack\/global\] scope: .*role admin applies to the whole org/);
    expect(synth).toThrow(/\[stack\/events\] format: must be one of "JSON", "CEF", "LEEF", got "XML"/);
  });

  test('a vulnerability and a report that names it', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    const heartbleed = new illumio.Vulnerability(stack, 'heartbleed', { referenceId: 'qid-38173', name: 'Heartbleed', score: 75, cveIds: ['CVE-2014-0160'] });
    new illumio.VulnerabilityReport(stack, 'scan', {
      referenceId: 'scan-1',
      name: 'weekly scan',
      reportType: 'qualys',
      detectedVulnerabilities: [{ ipAddress: '10.0.0.5', port: 443, proto: 6, workload: '/orgs/1/workloads/abc', vulnerability: heartbleed.href }],
    });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(illumio.VulnerabilityReport, {
      detected_vulnerabilities: [expect.objectContaining({ vulnerability: '${secops_illumio_vulnerability.heartbleed.href}' })],
    });
  });

  test('data sources: events with filters, health, version, a cluster by name', () => {
    const synthesized = Testing.synthScope((scope) => {
      new SecopsProvider(scope, 'secops');
      new illumio.DataEvents(scope, 'failures', { status: 'failure', timestampGte: '2026-01-01T00:00:00Z' });
      new illumio.DataSystemEvents(scope, 'system', { severity: 'err' });
      new illumio.DataHealth(scope, 'health', {});
      new illumio.DataProductVersion(scope, 'version', {});
      new illumio.DataContainerCluster(scope, 'k8s', { name: 'prod-k8s' });
      new illumio.DataPermissions(scope, 'admins', { role: '/orgs/1/roles/admin' });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataEvents, { status: 'failure', timestamp_gte: '2026-01-01T00:00:00Z' });
    expect(synthesized).toHaveDataSourceWithProperties(illumio.DataContainerCluster, { name: 'prod-k8s' });
  });
});
