import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aspects, IAspect, ISynthesisSession, TerraformStack } from 'cdktf';
// cdktf's hook for work at synthesis with the session's output directory (not re-exported by its index).
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { evaluate } from './engine';
import { stackViews } from './from-stack';
import { Finding, FindingSeverity, RulePack, Suppression } from './model';
import { PACKS, packsNamed } from './packs';
import { toSarif } from './sarif';

/** The metadata type under which a suppression is recorded on its construct. */
export const SUPPRESSION_METADATA = 'secops:suppression';
/** The SARIF file synthesis writes beside each checked stack's cdk.tf.json. */
export const SARIF_FILE_NAME = 'secops-checks.sarif';

/** Options of the review checks. */
export interface SecopsChecksProps {
  /**
   * The rule packs to run: `all`, or vendor names (`nomad`, `illumio`, `carbonblack`, `anchore`, `chainguard`).
   * @default all
   */
  readonly packs?: string[];
  /**
   * Write the findings as SARIF 2.1.0 (`secops-checks.sarif`) beside the stack's cdk.tf.json.
   * @default true
   */
  readonly writeSarif?: boolean;
}

/** A rule not to report on a construct (and everything under it), and why. */
export interface SecopsSuppression {
  /** The rule's id, e.g. `nomad-management-binding`. */
  readonly ruleId: string;
  /** Why the finding is acceptable here; required, recorded in the construct metadata and the reports. */
  readonly reason: string;
}

/**
 * Security review checks for the cdktf-secops constructs of a stack, as a cdktf Aspect:
 * `Aspects.of(app).add(new SecopsChecks())` (or of a stack). At synthesis every rule of the chosen
 * packs runs over the stack's secops resources; each finding becomes an annotation on its
 * construct (error findings fail the synthesis), and the stack directory gets `secops-checks.sarif`.
 */
export class SecopsChecks implements IAspect {
  /** The names of the rule packs: `all` and one per vendor. */
  public static packNames(): string[] {
    return ['all', ...PACKS.map(pack => pack.name)];
  }

  /** The ids of every rule of every pack. */
  public static ruleIds(): string[] {
    return PACKS.flatMap(pack => pack.rules.map(rule => rule.id));
  }

  private readonly packs: RulePack[];
  private readonly writeSarif: boolean;
  private readonly checked = new WeakSet<IConstruct>();

  /**
   * @param props which packs to run and whether to write SARIF
   */
  public constructor(props: SecopsChecksProps = {}) {
    this.packs = packsNamed(props.packs);
    this.writeSarif = props.writeSarif ?? true;
  }

  /** Checks the stack of the visited construct, once per stack. */
  public visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (!stack || this.checked.has(stack)) return;
    this.checked.add(stack);
    const byPath = new Map(stack.node.findAll().map(construct => [construct.node.path, construct]));
    const findings = checkStack(stack, byPath, this.packs);
    for (const finding of findings) annotate(finding, byPath.get(finding.view.constructPath ?? '') ?? stack);
    if (this.writeSarif) reportOf(stack).add(findings, this.packs);
  }
}

/** Suppressions of review-check findings, recorded in construct metadata. */
export class SecopsSuppressions {
  /**
   * Suppresses rules on a construct and every construct under it (a stack suppresses for all its
   * resources). Each needs a reason: it is recorded in the construct's metadata and in the reports.
   * @param construct where the suppression applies
   * @param suppressions the rules and the reason for each
   */
  public static addToConstruct(construct: IConstruct, suppressions: SecopsSuppression[]): void {
    const known = SecopsChecks.ruleIds();
    for (const { ruleId, reason } of suppressions) {
      if (!known.includes(ruleId)) {
        throw new Error(`Cannot suppress "${ruleId}" on ${construct.node.path}: no such secops rule (rules: ${known.join(', ')})`);
      }
      if (typeof reason !== 'string' || reason.trim() === '') {
        throw new Error(`Suppressing "${ruleId}" on ${construct.node.path} needs a reason: say why the finding is acceptable here`);
      }
      construct.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() });
    }
  }

  private constructor() {}
}

function stackOf(node: IConstruct): TerraformStack | undefined {
  try {
    return TerraformStack.of(node);
  } catch {
    return undefined; // the app itself, or a construct outside any stack
  }
}

/** The stack's findings, with the suppressions recorded on each resource's construct or its scopes. */
function checkStack(stack: TerraformStack, byPath: ReadonlyMap<string, IConstruct>, packs: readonly RulePack[]): Finding[] {
  const views = stackViews(stack);
  const cache = new Map<IConstruct, Suppression[]>();
  return evaluate(views, packs, view => {
    const construct = view.constructPath ? byPath.get(view.constructPath) : undefined;
    if (!construct) return [];
    if (!cache.has(construct)) cache.set(construct, suppressionsOn(construct));
    return cache.get(construct)!;
  });
}

/** Suppressions recorded on the construct and its scopes; ones without a reason are ignored, with a warning. */
function suppressionsOn(construct: IConstruct): Suppression[] {
  const found: Suppression[] = [];
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata.filter(m => m.type === SUPPRESSION_METADATA)) {
      const { ruleId, reason } = entry.data as { ruleId?: unknown; reason?: unknown };
      if (typeof ruleId !== 'string') continue;
      if (typeof reason !== 'string' || reason.trim() === '') {
        Annotations.of(scope).addWarning(`secops: the suppression of ${ruleId} has no reason and is ignored; add it with SecopsSuppressions.addToConstruct`);
        continue;
      }
      found.push({ ruleId, reason, scope: scope.node.path });
    }
  }
  return found;
}

/** The finding as an annotation on its construct: errors fail the synthesis. Suppressed ones are only reported. */
function annotate(finding: Finding, construct: IConstruct): void {
  if (finding.suppression) return;
  const text = `[${finding.rule.id}] ${finding.message} Fix: ${finding.rule.remediation}`;
  const annotations = Annotations.of(construct);
  if (finding.rule.severity === FindingSeverity.ERROR) annotations.addError(text);
  else if (finding.rule.severity === FindingSeverity.WARNING) annotations.addWarning(text);
  else annotations.addInfo(text);
}

/**
 * Collects a stack's findings (from every SecopsChecks that visits it) and writes them as SARIF
 * when the stack is synthesized, into the stack's directory beside cdk.tf.json.
 */
class SarifReport extends Construct {
  private readonly findings: Finding[] = [];
  private readonly packs: RulePack[] = [];

  constructor(scope: TerraformStack) {
    super(scope, 'secops-checks-report');
    addCustomSynthesis(this, { onSynthesize: session => this.write(session) });
  }

  add(findings: readonly Finding[], packs: readonly RulePack[]): void {
    this.findings.push(...findings);
    this.packs.push(...packs.filter(pack => !this.packs.includes(pack)));
  }

  private write(session: ISynthesisSession): void {
    const stackDir = join(session.outdir, session.manifest.forStack(TerraformStack.of(this)).workingDirectory);
    const sarif = toSarif(this.findings, this.packs, { artifactUri: 'cdk.tf.json' });
    writeFileSync(join(stackDir, SARIF_FILE_NAME), `${JSON.stringify(sarif, null, 2)}\n`);
  }
}

function reportOf(stack: TerraformStack): SarifReport {
  const existing = stack.node.tryFindChild('secops-checks-report');
  return existing instanceof SarifReport ? existing : new SarifReport(stack);
}

/** Finds SecopsChecks added to the stack's scopes (the app): cdktf runs only a stack's own aspects. */
class ChecksOfEnclosingScopes implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    for (const scope of node.node.scopes.slice(0, -1)) {
      for (const aspect of Aspects.of(scope).all) {
        if (aspect instanceof SecopsChecks) aspect.visit(node);
      }
    }
  }
}

/**
 * Makes `Aspects.of(app).add(new SecopsChecks())` check the stack: cdktf invokes a stack's own
 * aspects only. `SecopsProvider` calls this for its stack.
 */
export function checksOfAppOnSynth(scope: IConstruct): void {
  const aspects = Aspects.of(TerraformStack.of(scope));
  if (!aspects.all.some(aspect => aspect instanceof ChecksOfEnclosingScopes)) aspects.add(new ChecksOfEnclosingScopes());
}
