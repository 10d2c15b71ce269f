import { optionalText } from './ip-list';
import { PceIpTablesRule } from '../../clients/illumio/policy-objects';
import { BOOL, STRING } from '../../provider/cty/types';
import { Unknown } from '../../provider/cty/values';
import { Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * The custom iptables rules of a rule set (20.1 rule_sets_post `ip_tables_rules`): iptables
 * statements the VEN adds, as written, on the workloads of the actors. One `ip_tables_rules`
 * block per rule, with `statements` and `actors` blocks inside.
 */
export interface IpTablesStatementModel {
  table_name: string;
  chain_name: string;
  parameters: string;
}

export interface IpTablesActorModel {
  actors: string | null;
  label: string | null;
  label_group: string | null;
  workload: string | null;
}

export interface IpTablesRuleModel {
  enabled: boolean | null;
  description: string | null;
  ip_version: string;
  statements: IpTablesStatementModel[];
  actors: IpTablesActorModel[];
}

const ACTOR_KINDS = ['label', 'label_group', 'workload'] as const;
const ACTOR_FIELDS = ['actors', ...ACTOR_KINDS] as const;

export const IP_TABLES_RULE_BLOCK: Block = {
  description: 'A custom iptables rule: statements applied, as written, on the workloads of its actors.',
  attributes: {
    enabled: { type: BOOL, optional: true, default: true, description: 'Whether the rule is applied. Default true.' },
    description: { type: STRING, optional: true, description: 'Description.' },
    ip_version: { type: STRING, required: true, description: 'IP version the statements apply to: `4` or `6`.', validators: [validators.oneOf(['4', '6'])] },
  },
  blocks: {
    statements: {
      nesting: 'list',
      minItems: 1,
      block: {
        description: 'One iptables statement.',
        attributes: {
          table_name: { type: STRING, required: true, description: 'Table: `nat`, `mangle` or `filter`.', validators: [validators.oneOf(['nat', 'mangle', 'filter'])] },
          chain_name: {
            type: STRING,
            required: true,
            description: 'Chain: `PREROUTING`, `INPUT`, `OUTPUT`, `FORWARD` or `POSTROUTING`.',
            validators: [validators.oneOf(['PREROUTING', 'INPUT', 'OUTPUT', 'FORWARD', 'POSTROUTING'])],
          },
          parameters: { type: STRING, required: true, description: 'The rest of the iptables rule (without table and chain).', validators: [validators.notEmpty()] },
        },
      },
    },
    actors: {
      nesting: 'set',
      minItems: 1,
      block: {
        description: 'Whose workloads get the statements: set exactly one attribute.',
        attributes: {
          actors: { type: STRING, optional: true, description: 'All workloads: `ams`.', validators: [validators.oneOf(['ams'])] },
          label: { type: STRING, optional: true, description: 'Href of a label.', validators: [validators.notEmpty()] },
          label_group: { type: STRING, optional: true, description: 'Href of a label group.', validators: [validators.notEmpty()] },
          workload: { type: STRING, optional: true, description: 'Href of a workload.', validators: [validators.notEmpty()] },
        },
      },
    },
  },
};

/** Each actor sets exactly one of its attributes (unknown values count as set). */
export function ipTablesRuleProblems(rules: IpTablesRuleModel[] | null): Problem[] {
  if (!Array.isArray(rules)) return [];
  const problems: Problem[] = [];
  rules.forEach((rule, ruleIndex) => {
    if (rule === null || rule instanceof Unknown || !Array.isArray(rule.actors)) return;
    rule.actors.forEach((actor, index) => {
      if (actor === null || actor instanceof Unknown) return;
      const set = ACTOR_FIELDS.filter((field) => actor[field] !== null);
      if (set.length !== 1) {
        const detail = `set exactly one of ${ACTOR_FIELDS.join(', ')}${set.length > 1 ? `; got ${set.join(' and ')}` : ''}`;
        problems.push({ path: ['ip_tables_rules', ruleIndex, 'actors', index], summary: 'Invalid ip_tables_rules actor', detail });
      }
    });
  });
  return problems;
}

export function ipTablesRulesToPce(rules: readonly IpTablesRuleModel[]): Record<string, unknown>[] {
  return rules.map((rule) => ({
    enabled: rule.enabled ?? true,
    description: rule.description ?? '',
    ip_version: rule.ip_version,
    statements: rule.statements.map(({ table_name, chain_name, parameters }) => ({ table_name, chain_name, parameters })),
    actors: rule.actors.map((actor) => {
      if (actor.actors !== null) return { actors: actor.actors };
      const kind = ACTOR_KINDS.find((k) => actor[k] !== null);
      if (kind === undefined) throw new Error(`An iptables rule actor sets none of ${ACTOR_FIELDS.join(', ')}`);
      return { [kind]: { href: actor[kind] } };
    }),
  }));
}

/** `written` is the plan or prior state: an unset description stays unset when the PCE answers an empty one. */
export function ipTablesRulesFromPce(
  rules: readonly PceIpTablesRule[] | null | undefined, written?: readonly IpTablesRuleModel[] | null,
): IpTablesRuleModel[] {
  return (rules ?? []).map((rule, index) => ({
    enabled: rule.enabled ?? true,
    description: optionalText(rule.description, written?.[index]?.description),
    ip_version: rule.ip_version ?? '4',
    statements: (rule.statements ?? []).map((statement) => ({
      table_name: statement.table_name ?? '',
      chain_name: statement.chain_name ?? '',
      parameters: statement.parameters ?? '',
    })),
    actors: (rule.actors ?? []).map((actor) => ({
      actors: actor.actors ?? null,
      label: actor.label?.href ?? null,
      label_group: actor.label_group?.href ?? null,
      workload: actor.workload?.href ?? null,
    })),
  }));
}
