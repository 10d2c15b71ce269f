import { harness } from './harness';
import { vulnerabilitiesData, vulnerabilityData, vulnerabilityReportData, vulnerabilityReportsData } from '../../../src/datasources/illumio/vulnerabilities';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { VulnerabilityModel, vulnerability } from '../../../src/resources/illumio/vulnerability';
import { VulnerabilityReportModel, vulnerabilityReport } from '../../../src/resources/illumio/vulnerability-report';

const unknown = UNKNOWN as unknown as null;
const planned = (reference: string, fields: Partial<VulnerabilityModel> = {}): VulnerabilityModel => ({
  href: unknown, reference_id: reference, name: `${reference} title`, score: 75, cve_ids: unknown, description: null, created_at: unknown, updated_at: unknown, ...fields,
});
const WORKLOAD = '/orgs/1/workloads/0f6c4f8e-1111-4b1a-9c1d-2d8f1a1b2c3d';

describe('secops_illumio_vulnerability', () => {
  const h = harness();

  test('create (PUT by reference id), update in place, import, drift, delete', async () => {
    const created = await vulnerability.create(h.ctx(), planned('qid-38173', { cve_ids: ['CVE-2014-0160'], description: 'Heartbleed' }));
    expect(created).toMatchObject({ href: '/orgs/1/vulnerabilities/qid-38173', reference_id: 'qid-38173', score: 75, cve_ids: ['CVE-2014-0160'], description: 'Heartbleed' });
    const updated = await vulnerability.update(h.ctx(), { ...created, score: 98, updated_at: unknown }, created);
    expect(updated.score).toBe(98);
    const imported = await vulnerability.importState!(h.ctx(), created.href!) as VulnerabilityModel;
    expect(await vulnerability.read(h.ctx(), imported)).toEqual(updated);
    expect(await vulnerabilityData.read(h.ctx(), { href: null, reference_id: 'qid-38173' } as unknown as VulnerabilityModel)).toEqual(updated);
    await h.client().deleteObject(created.href!);
    expect(await vulnerability.read(h.ctx(), created)).toBeUndefined();
  });

  test('create never takes over an existing reference id; the PCE refuses a score above 100', async () => {
    await vulnerability.create(h.ctx(), planned('dup'));
    await expect(vulnerability.create(h.ctx(), planned('dup'))).rejects.toThrow('already has vulnerability /orgs/1/vulnerabilities/dup; import it');
    await expect(vulnerability.create(h.ctx(), planned('big', { score: 101 }))).rejects.toThrow(/406.*input_validation_error.*score/s);
    expect((await vulnerabilitiesData.read(h.ctx(), { max_results: null, vulnerabilities: null })).vulnerabilities!.map((v) => v.reference_id)).toEqual(['dup']);
  });
});

describe('secops_illumio_vulnerability_report', () => {
  const h = harness();
  const report = (vulnerabilityHref: string): VulnerabilityReportModel => ({
    href: unknown,
    reference_id: 'scan-1',
    name: 'weekly scan',
    report_type: 'qualys',
    authoritative: true,
    scanned_ips: ['10.0.0.5'],
    detected_vulnerabilities: [{ ip_address: '10.0.0.5', port: 443, proto: 6, workload: WORKLOAD, vulnerability: vulnerabilityHref }],
    num_vulnerabilities: unknown,
    created_at: unknown,
    updated_at: unknown,
  });

  test('create, read keeps the findings the PCE does not return, out-of-band replacement reads as drift, delete', async () => {
    const vuln = (await vulnerability.create(h.ctx(), planned('qid-1'))).href!;
    const created = await vulnerabilityReport.create(h.ctx(), report(vuln));
    expect(created).toMatchObject({ href: '/orgs/1/vulnerability_reports/scan-1', num_vulnerabilities: 1, authoritative: true, scanned_ips: ['10.0.0.5'] });
    expect(await vulnerabilityReport.read(h.ctx(), created)).toEqual(created);
    await h.client().updateObject(created.href!, { name: 'weekly scan', report_type: 'qualys', detected_vulnerabilities: [] });
    expect((await vulnerabilityReport.read(h.ctx(), created))!.detected_vulnerabilities).toEqual([]);
    expect(await vulnerabilityReportData.read(h.ctx(), { href: created.href } as never)).toMatchObject({ reference_id: 'scan-1', num_vulnerabilities: 0 });
    expect((await vulnerabilityReportsData.read(h.ctx(), { max_results: null, vulnerability_reports: null })).vulnerability_reports).toHaveLength(1);
    await vulnerabilityReport.delete(h.ctx(), created);
    expect(await vulnerabilityReport.read(h.ctx(), created)).toBeUndefined();
  });

  test('findings naming an unknown vulnerability are refused; a vulnerability a report names cannot be deleted', async () => {
    await expect(vulnerabilityReport.create(h.ctx(), report('/orgs/1/vulnerabilities/none'))).rejects.toThrow(/406.*invalid_uri/s);
    const vuln = (await vulnerability.create(h.ctx(), planned('qid-2'))).href!;
    await vulnerabilityReport.create(h.ctx(), report(vuln));
    await expect(h.client().deleteObject(vuln)).rejects.toThrow(/406.*object_in_use/s);
  });
});
