import { computedAttributes, elementType, exactlyOneOf } from './lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { PceVulnerability, PceVulnerabilityReport } from '../../clients/illumio/vulnerabilities';
import { NUMBER, STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { VulnerabilityModel, vulnerability, vulnerabilityFromPce, vulnerabilityHref } from '../../resources/illumio/vulnerability';
import { VulnerabilityReportModel, vulnerabilityReport, vulnerabilityReportFromPce } from '../../resources/illumio/vulnerability-report';

/** Data sources of vulnerabilities and vulnerability reports (20.1: by reference id, lists with `max_results` only). */

const VULNERABILITY = computedAttributes(vulnerability.schema.attributes);
/** A report's detected vulnerabilities are never returned by the PCE: data sources leave them out. */
const REPORT = computedAttributes(vulnerabilityReport.schema.attributes);
export type VulnerabilityReportData = Omit<VulnerabilityReportModel, 'detected_vulnerabilities'>;

function reportFromPce(pce: PceVulnerabilityReport): VulnerabilityReportData {
  const { detected_vulnerabilities: _none, ...model } = vulnerabilityReportFromPce(pce, []);
  return model;
}

const byHrefOrReference = (what: string) => ({
  href: { type: STRING, optional: true, computed: true, description: `The ${what}'s href; give this or \`reference_id\`.` },
  reference_id: { type: STRING, optional: true, computed: true, description: `The ${what}'s reference id.` },
});

async function readOne<T>(client: IllumioClient, href: string, what: string, signal: AbortSignal): Promise<T> {
  const found = await client.getObject<T>(href, signal);
  if (!found) throw new Error(`The PCE has no ${what} ${href}`);
  return found;
}

/** data "secops_illumio_vulnerability": one vulnerability by href or reference id. */
export const vulnerabilityData = defineDataSource<IllumioClient, VulnerabilityModel>({
  typeName: 'secops_illumio_vulnerability',
  schema: { description: 'Reads one Illumio vulnerability by `href` or `reference_id`.', attributes: { ...VULNERABILITY, ...byHrefOrReference('vulnerability') } },
  validate: (config) => exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'reference_id']),
  async read(ctx, config) {
    const href = config.href ?? vulnerabilityHref(ctx.client, config.reference_id);
    return vulnerabilityFromPce(await readOne<PceVulnerability>(ctx.client, href, 'vulnerability', ctx.signal));
  },
});

/** data "secops_illumio_vulnerabilities": every vulnerability, or the first `max_results`. */
export const vulnerabilitiesData = defineDataSource<IllumioClient, { max_results: number | null; vulnerabilities: VulnerabilityModel[] | null }>({
  typeName: 'secops_illumio_vulnerabilities',
  schema: {
    description: 'Lists the Illumio org\'s vulnerabilities.',
    attributes: {
      max_results: { type: NUMBER, optional: true, description: 'At most this many. Unset: all of them.' },
      vulnerabilities: { type: list(elementType(VULNERABILITY)), computed: true, description: 'The vulnerabilities, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const all = await ctx.client.list<PceVulnerability>(ctx.client.orgPath('vulnerabilities'), {}, ctx.signal);
    return { ...config, vulnerabilities: all.slice(0, config.max_results ?? undefined).map(vulnerabilityFromPce) };
  },
});

/** data "secops_illumio_vulnerability_report": one report by href or reference id (without its findings, which the PCE does not return). */
export const vulnerabilityReportData = defineDataSource<IllumioClient, VulnerabilityReportData>({
  typeName: 'secops_illumio_vulnerability_report',
  schema: { description: 'Reads one Illumio vulnerability report by `href` or `reference_id`.', attributes: { ...REPORT, ...byHrefOrReference('vulnerability report') } },
  validate: (config) => exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'reference_id']),
  async read(ctx, config) {
    const href = config.href ?? ctx.client.orgPath(`vulnerability_reports/${encodeURIComponent(config.reference_id)}`);
    return reportFromPce(await readOne<PceVulnerabilityReport>(ctx.client, href, 'vulnerability report', ctx.signal));
  },
});

/** data "secops_illumio_vulnerability_reports": every vulnerability report, or the first `max_results`. */
export interface VulnerabilityReportsData {
  max_results: number | null;
  vulnerability_reports: VulnerabilityReportData[] | null;
}

export const vulnerabilityReportsData = defineDataSource<IllumioClient, VulnerabilityReportsData>({
  typeName: 'secops_illumio_vulnerability_reports',
  schema: {
    description: 'Lists the Illumio org\'s vulnerability reports.',
    attributes: {
      max_results: { type: NUMBER, optional: true, description: 'At most this many. Unset: all of them.' },
      vulnerability_reports: { type: list(elementType(REPORT)), computed: true, description: 'The reports, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const all = await ctx.client.list<PceVulnerabilityReport>(ctx.client.orgPath('vulnerability_reports'), {}, ctx.signal);
    return { ...config, vulnerability_reports: all.slice(0, config.max_results ?? undefined).map(reportFromPce) };
  },
});
