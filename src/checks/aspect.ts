import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aspects, IAspect, ISynthesisSession, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { covers, evaluate } from './engine';
import { stackViews } from './from-stack';
import {
  CheckLevel, checkLevel, Finding, FindingSeverity, parseSuppressionId, ResourceView, RulePack, Suppression, SUPPRESSIONS_FILE_NAME,
} from './model';
import { PACKS, packsNamed } from './packs';
import { toSarif } from './sarif';
import { onStackSynthesis } from './synthesis-hook';

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
  /**
   * How strictly to check: `baseline`, or `strict`, which raises selected warnings to errors
   * (see docs/guides/review-checks.md).
   * @default baseline
   */
  readonly level?: string;
}

/** A rule not to report on a construct (and everything under it), and why. */
export interface SecopsSuppression {
  /**
   * The rule's id, e.g. `nomad-management-binding`: its findings on the construct and everything
   * under it. `nomad-management-binding[secops_nomad_acl_binding_rule.break_glass]` names one
   * finding: the rule's on that resource address (and its `count`/`for_each` instances).
   */
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
  private readonly level: CheckLevel;
  private readonly checked = new WeakSet<IConstruct>();

  /**
   * @param props which packs to run, at which level, and whether to write SARIF
   */
  public constructor(props: SecopsChecksProps = {}) {
    this.packs = packsNamed(props.packs);
    this.writeSarif = props.writeSarif ?? true;
    this.level = checkLevel(props.level);
  }

  /** Checks the stack of the visited construct, once per stack. */
  public visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (!stack || this.checked.has(stack)) return;
    this.checked.add(stack);
    const byPath = new Map(stack.node.findAll().map(construct => [construct.node.path, construct]));
    const views = stackViews(stack);
    const suppressions = suppressionLookup(byPath);
    const findings = evaluate(views, this.packs, suppressions, this.level);
    for (const finding of findings) annotate(finding, byPath.get(finding.view.constructPath ?? '') ?? stack);
    reportOf(stack).add(findings, this.writeSarif ? this.packs : undefined, this.level, addressSuppressions(views, suppressions));
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
    for (const { ruleId: named, reason } of suppressions) {
      const { ruleId, address } = parseSuppressionId(named);
      if (!known.includes(ruleId)) {
        throw new Error(`Cannot suppress "${named}" on ${construct.node.path}: no such secops rule (rules: ${known.join(', ')})`);
      }
      if (typeof reason !== 'string' || reason.trim() === '') {
        throw new Error(`Suppressing "${named}" on ${construct.node.path} needs a reason: say why the finding is acceptable here`);
      }
      construct.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim(), ...(address ? { address } : {}) });
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

/** The suppressions recorded on each resource's construct or its scopes. */
function suppressionLookup(byPath: ReadonlyMap<string, IConstruct>): (view: ResourceView) => Suppression[] {
  const cache = new Map<IConstruct, Suppression[]>();
  return view => {
    const construct = view.constructPath ? byPath.get(view.constructPath) : undefined;
    if (!construct) return [];
    if (!cache.has(construct)) cache.set(construct, suppressionsOn(construct));
    return cache.get(construct)!;
  };
}

/** A construct suppression as it applies to one resource address: an entry of secops-suppressions.json. */
export interface WrittenSuppression {
  readonly ruleId: string;
  readonly address: string;
  readonly reason: string;
  /** The construct the suppression was added to. */
  readonly constructPath: string;
}

/** Each suppression that applies to a managed resource of the stack, by the resource's address. */
function addressSuppressions(views: readonly ResourceView[], lookup: (view: ResourceView) => Suppression[]): WrittenSuppression[] {
  return views.filter(view => view.mode === 'managed').flatMap(view => lookup(view)
    .filter(s => s.address === undefined || covers(s.address, view.address))
    .map(s => ({ ruleId: s.ruleId, address: view.address, reason: s.reason, constructPath: s.scope })));
}

/** Suppressions recorded on the construct and its scopes; ones without a reason are ignored, with a warning. */
function suppressionsOn(construct: IConstruct): Suppression[] {
  const found: Suppression[] = [];
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata.filter(m => m.type === SUPPRESSION_METADATA)) {
      const { ruleId, reason, address } = entry.data as { ruleId?: unknown; reason?: unknown; address?: unknown };
      if (typeof ruleId !== 'string') continue;
      if (typeof reason !== 'string' || reason.trim() === '') {
        Annotations.of(scope).addWarning(`secops: the suppression of ${ruleId} has no reason and is ignored; add it with SecopsSuppressions.addToConstruct`);
        continue;
      }
      found.push({ ruleId, reason, scope: scope.node.path, ...(typeof address === 'string' ? { address } : {}) });
    }
  }
  return found;
}

/** The finding as an annotation on its construct: errors fail the synthesis. Suppressed ones are only reported. */
function annotate(finding: Finding, construct: IConstruct): void {
  if (finding.suppression) return;
  const text = `[${finding.rule.id}] ${finding.message} Fix: ${finding.rule.remediation}`;
  const annotations = Annotations.of(construct);
  if (finding.severity === FindingSeverity.ERROR) annotations.addError(text);
  else if (finding.severity === FindingSeverity.WARNING) annotations.addWarning(text);
  else annotations.addInfo(text);
}

/**
 * Collects a stack's findings and suppressions (from every SecopsChecks that visits it) and writes
 * them when the stack is synthesized, into the stack's directory beside cdk.tf.json: the findings
 * as SARIF (unless no check asked for it), the suppressions by address for `secops review`.
 */
class SarifReport extends Construct {
  private readonly findings: Finding[] = [];
  private readonly packs: RulePack[] = [];
  private readonly suppressions = new Map<string, WrittenSuppression>();
  private sarif = false;
  private level: CheckLevel = 'baseline';

  constructor(scope: TerraformStack) {
    super(scope, 'secops-checks-report');
    onStackSynthesis(this, session => this.write(session));
  }

  /** `sarifPacks`: the packs to list in the SARIF; undefined when the check writes none. */
  add(
    findings: readonly Finding[], sarifPacks: readonly RulePack[] | undefined, level: CheckLevel, suppressions: readonly WrittenSuppression[],
  ): void {
    this.findings.push(...findings);
    if (sarifPacks) {
      this.sarif = true;
      this.packs.push(...sarifPacks.filter(pack => !this.packs.includes(pack)));
    }
    if (level === 'strict') this.level = level;
    for (const s of suppressions) this.suppressions.set(`${s.ruleId}\n${s.address}`, s);
  }

  private write(session: ISynthesisSession): void {
    const stackDir = join(session.outdir, session.manifest.forStack(TerraformStack.of(this)).workingDirectory);
    if (this.sarif) {
      const sarif = toSarif(this.findings, this.packs, { artifactUri: 'cdk.tf.json', level: this.level });
      writeFileSync(join(stackDir, SARIF_FILE_NAME), `${JSON.stringify(sarif, null, 2)}\n`);
    }
    writeFileSync(join(stackDir, SUPPRESSIONS_FILE_NAME), `${JSON.stringify([...this.suppressions.values()], null, 2)}\n`);
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
