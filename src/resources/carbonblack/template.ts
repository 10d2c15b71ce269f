import { checkRuleReferences } from './catalogue-check';
import { AlreadyExistsError } from './existing';
import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { RULE_ACTIONS, Template, TemplateRule } from '../../clients/carbonblack/types';
import { STRING } from '../../provider/cty/types';
import { defineResource, HandlerContext, ObjectValue } from '../../provider/definitions';
import { importIdPattern, SEGMENT_PATTERN } from '../../provider/import-id';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_carbonblack_template: a custom policy template (`/guardrails/management/templates`): a
 * named list of rules with actions that policies can start from. Created and updated by the same
 * POST (an update carries `template_id`). The API has no single-template read: reads find the
 * template in the list.
 *
 * The resource owns the rules it declares. Rules other tools add (the console, or
 * `secops_carbonblack_template_rules`) are kept on update and not shown as drift.
 */
export interface TemplateRuleModel {
  rule_id: string;
  action: string;
}

export interface TemplateModel {
  template_id: string | null;
  name: string;
  rule: TemplateRuleModel[];
  creator: string | null;
  created_on: string | null;
}

export const TEMPLATE_RULE_BLOCK: Block = {
  description: 'A rule of the catalogue and the action it takes in policies made from the template.',
  attributes: {
    rule_id: { type: STRING, required: true, description: 'The rule\'s id, e.g. `privileged`.', validators: [validators.notEmpty()] },
    action: {
      type: STRING,
      required: true,
      description: '`alert`, `block` or `enforce`; it must be among the rule\'s `supported_actions` (checked at plan).',
      validators: [validators.oneOf(RULE_ACTIONS)],
    },
  },
};

export const template = defineResource<CarbonBlackClient, TemplateModel>({
  typeName: 'secops_carbonblack_template',
  importId: importIdPattern('the template\'s template_id (one path segment, e.g. a UUID)', SEGMENT_PATTERN, 'a Carbon Black Cloud template id'),
  schema: {
    description: 'A Carbon Black Cloud custom policy template: a named set of rules with actions.',
    attributes: {
      template_id: { type: STRING, computed: true, description: 'The template\'s id, assigned by Carbon Black Cloud. Import with `terraform import <address> <template_id>`.' },
      name: { type: STRING, required: true, description: 'Descriptive name. The API does not make it unique; this resource refuses to create a second template of the same name.', validators: [validators.notEmpty()] },
      creator: { type: STRING, computed: true, description: 'Who created the template.' },
      created_on: { type: STRING, computed: true, description: 'When the template was created (ISO 8601).' },
    },
    blocks: {
      rule: { nesting: 'list', block: TEMPLATE_RULE_BLOCK },
    },
  },

  checkPlan: (ctx, planned, prior) => checkRuleReferences(ctx, TEMPLATE_RULE_BLOCK, planned.rule, prior?.rule),

  async create(ctx, planned) {
    await refuseExisting(ctx, planned.name);
    const id = await ctx.client.createTemplate({ name: planned.name, rules: rulesToApi(planned.rule) }, ctx.signal);
    ctx.created({ ...planned, template_id: id } as unknown as ObjectValue); // the model is the state object Terraform stores
    return readBack(ctx, id, planned.rule);
  },

  async read(ctx, current) {
    const found = await ctx.client.getTemplate(current.template_id!, ctx.signal);
    return found?.custom_template_metadata ? fromApi(found, current.rule ?? []) : undefined;
  },

  async update(ctx, planned, prior) {
    const id = prior.template_id!;
    await ctx.client.withTemplateLock(async () => {
      const current = await ctx.client.getTemplate(id, ctx.signal);
      const owned = new Set([...(prior.rule ?? []), ...(planned.rule ?? [])].map(rule => rule.rule_id));
      const others = (current?.rules ?? []).filter(rule => !owned.has(rule.id));
      await ctx.client.updateTemplate(id, { name: planned.name, rules: [...rulesToApi(planned.rule), ...others] }, ctx.signal);
    });
    return readBack(ctx, id, planned.rule);
  },

  async delete(ctx, current) {
    await ctx.client.deleteTemplate(current.template_id!, ctx.signal);
  },

  /** An imported template owns every rule it has. */
  async importState(ctx, id) {
    const found = await ctx.client.getTemplate(id, ctx.signal);
    if (!found?.custom_template_metadata) throw new Error(`Carbon Black Cloud has no custom template with id ${id}`);
    return { template_id: id, rule: found.rules.map(rule => ({ rule_id: rule.id, action: rule.action })) };
  },
});

async function refuseExisting(ctx: HandlerContext<CarbonBlackClient>, name: string): Promise<void> {
  const existing = (await ctx.client.listTemplates(ctx.signal)).find(found => found.name === name);
  if (!existing) return;
  if (!existing.custom_template_metadata) {
    throw new Error(`"${name}" is the name of a built-in Carbon Black Cloud template (${existing.template_id}); choose another name.`);
  }
  throw new AlreadyExistsError(`A Carbon Black Cloud template named "${name}"`, template.typeName, existing.template_id);
}

async function readBack(ctx: HandlerContext<CarbonBlackClient>, id: string, owned: readonly TemplateRuleModel[]): Promise<TemplateModel> {
  const found = await ctx.client.getTemplate(id, ctx.signal);
  if (!found) throw new Error(`Carbon Black Cloud template ${id} was written but cannot be read back`);
  return fromApi(found, owned);
}

export function rulesToApi(rules: readonly TemplateRuleModel[] | null): TemplateRule[] {
  return (rules ?? []).map(rule => ({ id: rule.rule_id, action: rule.action }));
}

/** The template with only the rules this resource owns, in the template's order. */
function fromApi(api: Template, owned: readonly TemplateRuleModel[]): TemplateModel {
  const ownedIds = new Set(owned.map(rule => rule.rule_id));
  return {
    template_id: api.template_id,
    name: api.name,
    rule: api.rules.filter(rule => ownedIds.has(rule.id)).map(rule => ({ rule_id: rule.id, action: rule.action })),
    creator: api.custom_template_metadata?.creator ?? null,
    created_on: api.custom_template_metadata?.created_on_iso ?? null,
  };
}
