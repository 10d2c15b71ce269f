import { findOneDraft, hrefOrNameProblems } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { RuleSet } from '../../clients/illumio/policy-objects';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { blockType } from '../../provider/schema';
import { IP_TABLES_RULE_BLOCK } from '../../resources/illumio/ip-tables-rules';
import { RuleSetModel, SCOPES_BLOCK, fromPce } from '../../resources/illumio/rule-set';

/**
 * data "secops_illumio_rule_set": one draft rule set, by href or by its exact name. The PCE
 * matches names partially; this never takes "the first hit": no match or several fail.
 */
export const ruleSetData = defineDataSource<IllumioClient, RuleSetModel>({
  typeName: 'secops_illumio_rule_set',
  schema: {
    description: 'Reads one Illumio rule set of the draft policy by `href` or exact `name` (its rules are not read).',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The rule set\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly; give this or `href`.' },
      description: { type: STRING, computed: true, description: 'Description.' },
      external_data_set: { type: STRING, computed: true, description: 'External system that owns the rule set.' },
      external_data_reference: { type: STRING, computed: true, description: 'The rule set\'s ID there.' },
      enabled: { type: BOOL, computed: true, description: 'Whether the rule set is enforced.' },
      created_at: { type: STRING, computed: true, description: 'When the rule set was created.' },
      updated_at: { type: STRING, computed: true, description: 'When the rule set was last changed.' },
      scopes: { type: list(blockType(SCOPES_BLOCK)), computed: true, description: 'The scopes: each has `label` and `label_group` sets of `{href, exclusion}`.' },
      ip_tables_rules: {
        type: list(blockType(IP_TABLES_RULE_BLOCK)),
        computed: true,
        description: 'Custom iptables rules (`enabled`, `description`, `ip_version`, `statements`, `actors`).',
      },
    },
  },

  validate: hrefOrNameProblems,

  async read(ctx, config) {
    return fromPce(await findOneDraft<RuleSet>(ctx, 'rule_sets', 'rule set', config));
  },
});
