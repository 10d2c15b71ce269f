import { listDraftsNamed } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { RuleSet } from '../../clients/illumio/policy-objects';
import { BOOL, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { blockType } from '../../provider/schema';
import { IP_TABLES_RULE_BLOCK } from '../../resources/illumio/ip-tables-rules';
import { RuleSetModel, SCOPES_BLOCK, fromPce } from '../../resources/illumio/rule-set';

/**
 * data "secops_illumio_rule_sets": every rule set of the draft policy (not pending deletion), or
 * the one with exactly a name. Complete however many there are. Rules are not read.
 */
export interface RuleSetsData {
  name: string | null;
  rule_sets: RuleSetModel[] | null;
}

const RULE_SET = object({
  href: STRING,
  name: STRING,
  description: STRING,
  external_data_set: STRING,
  external_data_reference: STRING,
  enabled: BOOL,
  scopes: list(blockType(SCOPES_BLOCK)),
  ip_tables_rules: list(blockType(IP_TABLES_RULE_BLOCK)),
  created_at: STRING,
});

export const ruleSetsData = defineDataSource<IllumioClient, RuleSetsData>({
  typeName: 'secops_illumio_rule_sets',
  schema: {
    description: 'Lists Illumio rule sets (draft policy), all of them or the one with an exact name.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only the rule set with exactly this name.' },
      rule_sets: { type: list(RULE_SET), computed: true, description: 'The rule sets, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listDraftsNamed<RuleSet>(ctx, 'rule_sets', config.name);
    return { ...config, rule_sets: found.map((pce) => fromPce(pce)) };
  },
});
