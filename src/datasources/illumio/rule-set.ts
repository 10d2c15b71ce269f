import { hrefOrName } from './label-group';
import { IllumioClient } from '../../clients/illumio/client';
import { DraftObject, DraftPolicyType } from '../../clients/illumio/types';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { blockType } from '../../provider/schema';
import { RuleSet, RuleSetModel, SCOPES_BLOCK, fromPce } from '../../resources/illumio/rule-set';

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
      enabled: { type: BOOL, computed: true, description: 'Whether the rule set is enforced.' },
      created_at: { type: STRING, computed: true, description: 'When the rule set was created.' },
      updated_at: { type: STRING, computed: true, description: 'When the rule set was last changed.' },
      scopes: { type: list(blockType(SCOPES_BLOCK)), computed: true, description: 'The scopes: each has `label` and `label_group` sets of `{href, exclusion}`.' },
    },
  },

  validate(config) {
    return hrefOrName(config.href, config.name);
  },

  async read(ctx, config) {
    return fromPce(await findDraft<RuleSet>(ctx.client, 'rule_sets', 'rule set', config.href, config.name, ctx.signal));
  },
});

/** The one draft object with this href, or with exactly this name; fails on none and on several. */
export async function findDraft<T extends DraftObject>(
  client: IllumioClient, type: DraftPolicyType, what: string, href: string | null, name: string | null, signal: AbortSignal,
): Promise<T> {
  if (href !== null) {
    const found = await client.getDraft<T>(href, signal);
    if (!found) throw new Error(`The PCE has no ${what} ${href}`);
    return found;
  }
  const matches = (await client.listDrafts<T>(type, { name: name! }, signal)).filter(item => item.name === name);
  if (matches.length !== 1) {
    throw new Error(matches.length === 0 ? `The PCE has no ${what} named "${name}"` : `${matches.length} ${what}s are named "${name}": ${matches.map(m => m.href).join(', ')}`);
  }
  return matches[0]!;
}
