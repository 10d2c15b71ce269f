import { createHash } from 'node:crypto';
import { CheckLevel, Finding, FindingSeverity, RulePack, severityAt } from './model';
import { providerVersion } from '../cli/install';

/**
 * Findings as SARIF 2.1.0 (OASIS), the format code-scanning tools ingest. Every rule of the packs
 * that ran is listed in the driver (so a clean run says what was checked); each finding is a
 * result located in the artifact that declares the resource (cdk.tf.json at synth, the plan file
 * in a review) and, logically, at the resource's Terraform address. A suppressed finding keeps
 * its result with an in-source suppression carrying the reason.
 */

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/cdktf-secops/cdktf-secops';

/** GitHub code scanning ranks security results by this score (0-10). */
const SECURITY_SEVERITY: Readonly<Record<FindingSeverity, string>> = {
  [FindingSeverity.ERROR]: '8.0',
  [FindingSeverity.WARNING]: '5.0',
  [FindingSeverity.NOTE]: '2.0',
};

export interface SarifOptions {
  /** The file the results point at, relative to where the SARIF is read (e.g. `cdk.tf.json`). */
  readonly artifactUri: string;
  /** The level the review ran at: rules are listed with their severity at it. @default baseline */
  readonly level?: CheckLevel;
}

export function toSarif(findings: readonly Finding[], packs: readonly RulePack[], options: SarifOptions): Record<string, unknown> {
  const rules = packs.flatMap(pack => pack.rules.map(rule => ({ rule, pack })));
  const ruleIndex = new Map(rules.map(({ rule }, index) => [rule.id, index]));
  const level = options.level ?? 'baseline';
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdktf-secops',
          informationUri: INFORMATION_URI,
          semanticVersion: providerVersion(),
          rules: rules.map(({ rule, pack }) => ({
            id: rule.id,
            name: rule.id,
            shortDescription: { text: rule.description },
            fullDescription: { text: rule.description },
            help: { text: rule.remediation, markdown: `**Remediation:** ${rule.remediation}` },
            defaultConfiguration: { level: severityAt(rule, level) },
            properties: {
              'tags': ['security', pack.name],
              'security-severity': SECURITY_SEVERITY[severityAt(rule, level)],
              ...(rule.inspects === 'destroy' ? { planOnly: true } : {}),
            },
          })),
        },
      },
      artifacts: [{ location: { uri: options.artifactUri } }],
      properties: { secopsLevel: level },
      results: findings.map(finding => result(finding, ruleIndex.get(finding.rule.id) ?? -1, options)),
    }],
  };
}

function result(finding: Finding, ruleIndex: number, options: SarifOptions): Record<string, unknown> {
  const { rule, view, message, suppression } = finding;
  return {
    ruleId: rule.id,
    ruleIndex,
    level: finding.severity,
    message: { text: `${message} Remediation: ${rule.remediation}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: options.artifactUri, index: 0 } },
      logicalLocations: [{ name: view.address.split('.').pop(), fullyQualifiedName: view.address, kind: 'resource' }],
    }],
    partialFingerprints: { 'secopsFinding/v1': createHash('sha256').update(`${rule.id}\n${view.address}\n${message}`).digest('hex') },
    properties: { resourceType: view.type, action: view.action, ...(view.constructPath ? { constructPath: view.constructPath } : {}) },
    ...(suppression ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: suppression.reason, location: { logicalLocations: [{ fullyQualifiedName: suppression.scope }] } }] } : {}),
  };
}
