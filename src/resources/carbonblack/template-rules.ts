import { checkRuleReferences } from './catalogue-check';
import { TEMPLATE_RULE_BLOCK, TemplateRuleModel, rulesToApi } from './template';
import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { Template } from '../../clients/carbonblack/types';
import { set, STRING } from '../../provider/cty/types';
import { defineResource, HandlerContext } from '../../provider/definitions';
import { notImportable } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_carbonblack_template_rules: rules added to several custom templates at once
 * (`templates/add_rules`). A rule already in a template takes the action given here. Destroying
 * it removes these rules from the templates again; a rule that was in a template before is
 * removed too, so do not list a template's own rules here.
 */
export interface TemplateRulesModel {
  template_ids: string[];
  rule: TemplateRuleModel[];
}

export const templateRules = defineResource<CarbonBlackClient, TemplateRulesModel>({
  typeName: 'secops_carbonblack_template_rules',
  importId: notImportable('it stands for rules this configuration adds to templates, not for an object of Carbon Black Cloud (import the template instead)'),
  schema: {
    description: 'Rules added to one or more Carbon Black Cloud custom templates (add_rules); removed from them on destroy.',
    attributes: {
      template_ids: {
        type: set(STRING),
        required: true,
        description: 'Ids of the custom templates to add the rules to (built-in templates cannot be changed).',
        validators: [validators.custom('at least one template id', value => ((value as unknown[]).length > 0 ? undefined : 'must list at least one template id'))],
      },
    },
    blocks: {
      rule: { nesting: 'list', block: TEMPLATE_RULE_BLOCK, minItems: 1 },
    },
  },

  checkPlan: (ctx, planned, prior) => checkRuleReferences(ctx, TEMPLATE_RULE_BLOCK, planned.rule, prior?.rule),

  async create(ctx, planned) {
    await ctx.client.withTemplateLock(() => ctx.client.addRulesToTemplates(planned.template_ids, rulesToApi(planned.rule), ctx.signal));
    return planned;
  },

  /** Templates deleted elsewhere leave the list; a rule missing or changed in any template leaves state, so the plan adds it again. */
  async read(ctx, current) {
    const templates = await templatesById(ctx);
    const present = current.template_ids.filter(id => templates.get(id)?.custom_template_metadata);
    if (present.length === 0) return undefined;
    const everywhere = (rule: TemplateRuleModel) =>
      present.every(id => templates.get(id)!.rules.some(found => found.id === rule.rule_id && found.action === rule.action));
    return { template_ids: present, rule: (current.rule ?? []).filter(everywhere) };
  },

  async update(ctx, planned, prior) {
    await ctx.client.withTemplateLock(async () => {
      const kept = new Set(planned.rule.map(rule => rule.rule_id));
      const dropped = new Set(prior.rule.map(rule => rule.rule_id).filter(id => !kept.has(id)));
      const allPrior = new Set(prior.rule.map(rule => rule.rule_id));
      const templates = await templatesById(ctx);
      for (const id of prior.template_ids) {
        await removeRules(ctx, templates.get(id), planned.template_ids.includes(id) ? dropped : allPrior);
      }
      await ctx.client.addRulesToTemplates(planned.template_ids, rulesToApi(planned.rule), ctx.signal);
    });
    return planned;
  },

  async delete(ctx, current) {
    await ctx.client.withTemplateLock(async () => {
      const ids = new Set(current.rule.map(rule => rule.rule_id));
      const templates = await templatesById(ctx);
      for (const id of current.template_ids) {
        await removeRules(ctx, templates.get(id), ids);
      }
    });
  },
});

async function templatesById(ctx: HandlerContext<CarbonBlackClient>): Promise<Map<string, Template>> {
  return new Map((await ctx.client.listTemplates(ctx.signal)).map(found => [found.template_id, found]));
}

/** Rewrites a custom template without the given rules (a template gone or untouched is left alone). */
async function removeRules(ctx: HandlerContext<CarbonBlackClient>, found: Template | undefined, ruleIds: ReadonlySet<string>): Promise<void> {
  if (!found?.custom_template_metadata || !found.rules.some(rule => ruleIds.has(rule.id))) return;
  const rules = found.rules.filter(rule => !ruleIds.has(rule.id));
  await ctx.client.updateTemplate(found.template_id, { name: found.name, rules }, ctx.signal);
}
