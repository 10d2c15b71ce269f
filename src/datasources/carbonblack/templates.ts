import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { BOOL, list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_carbonblack_templates": built-in and custom policy templates. */
export interface TemplateSummary {
  template_id: string;
  name: string;
  is_custom: boolean;
  rules: { rule_id: string; action: string }[];
}

export interface TemplatesData {
  name: string | null;
  custom_only: boolean | null;
  templates: TemplateSummary[] | null;
}

export const templatesData = defineDataSource<CarbonBlackClient, TemplatesData>({
  typeName: 'secops_carbonblack_templates',
  schema: {
    description: 'Lists Carbon Black Cloud policy templates, built-in and custom.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only templates with exactly this name.' },
      custom_only: { type: BOOL, optional: true, description: 'Only custom templates (those with custom template metadata).' },
      templates: {
        type: list(object({ template_id: STRING, name: STRING, is_custom: BOOL, rules: list(object({ rule_id: STRING, action: STRING })) })),
        computed: true,
        description: 'The matching templates with their rules.',
      },
    },
  },

  async read(ctx, config) {
    const templates = (await ctx.client.listTemplates(ctx.signal))
      .filter(found => config.name === null || found.name === config.name)
      .filter(found => config.custom_only !== true || found.custom_template_metadata !== null)
      .map(found => ({
        template_id: found.template_id,
        name: found.name,
        is_custom: found.custom_template_metadata !== null,
        rules: found.rules.map(rule => ({ rule_id: rule.id, action: rule.action })),
      }));
    return { ...config, templates };
  },
});
