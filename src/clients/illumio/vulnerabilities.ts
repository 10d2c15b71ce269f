/** Wire types of the PCE's vulnerabilities and vulnerability reports. */

export interface PceVulnerability {
  readonly href: string;
  readonly name?: string;
  readonly score?: number;
  readonly cve_ids?: readonly string[] | null;
  readonly description?: string | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

export interface PceVulnerabilityReport {
  readonly href: string;
  readonly name?: string;
  readonly report_type?: string;
  readonly authoritative?: boolean | null;
  readonly scanned_ips?: readonly string[] | null;
  readonly num_vulnerabilities?: number;
  readonly created_at?: string;
  readonly updated_at?: string;
}
