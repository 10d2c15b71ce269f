import { ruleContext } from './engine';
import { ChangeAction, Finding, FindingSeverity, ResourceView, RuleContext, RulePack, UNKNOWN, Values } from './model';
import { wordsOf } from './nouns';
import { PACKS } from './packs';
import { knownString } from './values';

/**
 * The Markdown pull-request review of a plan: per vendor, what the plan creates, changes, replaces
 * and destroys in readable words, then every finding with its fix. Values are never printed
 * beyond names, so nothing sensitive reaches the comment.
 */

const MARKS: Readonly<Record<FindingSeverity, string>> = {
  [FindingSeverity.ERROR]: '❌ **error**',
  [FindingSeverity.WARNING]: '⚠️ **warning**',
  [FindingSeverity.NOTE]: 'ℹ️ note',
};

const SECTIONS: readonly { action: ChangeAction; title: string }[] = [
  { action: 'create', title: 'Created' },
  { action: 'update', title: 'Changed' },
  { action: 'replace', title: 'Replaced' },
  { action: 'delete', title: 'Destroyed' },
];

const SEVERITY_ORDER = [FindingSeverity.ERROR, FindingSeverity.WARNING, FindingSeverity.NOTE];

export function reviewMarkdown(views: readonly ResourceView[], findings: readonly Finding[]): string {
  const managed = views.filter(v => v.mode === 'managed');
  const lines = ['## cdktf-secops review', '', summaryLine(managed, findings), ''];
  const context = ruleContext(views);
  const vendors = [...new Set([...PACKS.map(p => p.name), ...managed.map(v => v.vendor)])];
  for (const vendor of vendors) {
    const mine = managed.filter(v => v.vendor === vendor);
    const mineFindings = findings.filter(f => f.view.vendor === vendor);
    if (mine.length === 0 && mineFindings.length === 0) continue;
    lines.push(...vendorSection(vendor, mine, mineFindings, context));
  }
  if (managed.length === 0) lines.push('The plan changes no cdktf-secops resources.', '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function summaryLine(managed: readonly ResourceView[], findings: readonly Finding[]): string {
  const active = findings.filter(f => !f.suppression);
  const bySeverity = SEVERITY_ORDER.map(s => count(active.filter(f => f.severity === s).length, s === FindingSeverity.NOTE ? 'note' : s));
  const suppressed = findings.length - active.length;
  const actions = SECTIONS.map(({ action }) => managed.filter(v => v.action === action).length);
  const changes = `${actions[0]} to create, ${actions[1]} to change, ${actions[2]} to replace, ${actions[3]} to destroy`;
  return `**${bySeverity.join(', ')}**${suppressed > 0 ? ` (${suppressed} suppressed)` : ''} · ${changes}.`;
}

function vendorSection(vendor: string, views: readonly ResourceView[], findings: readonly Finding[], context: RuleContext): string[] {
  const pack = PACKS.find(p => p.name === vendor);
  const lines = [`### ${pack?.title ?? vendor}`, ''];
  for (const { action, title } of SECTIONS) {
    const changed = views.filter(v => v.action === action);
    if (changed.length === 0) continue;
    lines.push(`**${title}**`, '', ...changed.map(v => `- ${resourceLine(v, pack, context)}`), '');
  }
  const unchanged = views.filter(v => v.action === 'no-op').length;
  if (unchanged > 0) lines.push(`${count(unchanged, 'resource')} unchanged.`, '');
  lines.push('**Findings**', '');
  if (findings.length === 0) lines.push(pack ? 'None.' : 'No rule pack for this vendor.', '');
  const ordered = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  for (const finding of ordered) lines.push(...findingLines(finding));
  if (findings.length > 0) lines.push('');
  return lines;
}

function findingLines(finding: Finding): string[] {
  const { rule, view, message, suppression } = finding;
  const head = `${MARKS[finding.severity]} \`${rule.id}\` on \`${view.address}\``;
  if (suppression) return [`- ~~${head}~~ suppressed: ${suppression.reason}`, `  ${message}`];
  return [`- ${head}: ${message}`, `  _Fix:_ ${rule.remediation}`];
}

/** `ACL binding rule **oncall** (on auth method "okta", grants role "operator") — changes \`selector\``. */
export function resourceLine(view: ResourceView, pack: RulePack | undefined, context: RuleContext): string {
  const values = withoutSensitive(view.values ?? view.before ?? {}, view.sensitiveAttributes ?? []);
  const noun = pack?.nouns?.[view.type] ?? wordsOf(view.type);
  const name = view.address.slice(view.address.lastIndexOf(view.type) + view.type.length + 1);
  const detail = pack?.describe?.(view, values, context) ?? quotedName(values.name);
  const changes = view.changedAttributes.length > 0 && (view.action === 'update' || view.action === 'replace')
    ? ` — ${view.action === 'replace' ? 'destroyed and created again, for' : 'changes'} ${view.changedAttributes.map(a => `\`${a}\``).join(', ')}`
    : '';
  return `${noun} **${name}**${detail ? ` (${detail})` : ''}${changes}`;
}

/** The values with sensitive attributes unknown, so no describer can print them. */
function withoutSensitive(values: Values, sensitive: readonly string[]): Values {
  if (sensitive.length === 0) return values;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, sensitive.includes(key) ? UNKNOWN : value]));
}

function quotedName(value: unknown): string | undefined {
  const name = knownString(value as string);
  return name ? `"${name}"` : undefined;
}
