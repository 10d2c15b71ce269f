import { NomadClient } from '../../clients/nomad/client';
import { STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_nomad_acl_binding_rules": every Nomad ACL binding rule, optionally of one auth method. */
export interface AclBindingRuleSummary {
  id: string;
  description: string;
  auth_method: string;
  selector: string;
  bind_type: string;
  bind_name: string;
}

export interface AclBindingRulesData {
  auth_method: string | null;
  acl_binding_rules: AclBindingRuleSummary[] | null;
}

export const aclBindingRulesData = defineDataSource<NomadClient, AclBindingRulesData>({
  typeName: 'secops_nomad_acl_binding_rules',
  schema: {
    description: 'Lists Nomad ACL binding rules, all of them or those of one auth method.',
    attributes: {
      auth_method: { type: STRING, optional: true, description: 'Only rules of this auth method.' },
      acl_binding_rules: {
        type: list(object({ id: STRING, description: STRING, auth_method: STRING, selector: STRING, bind_type: STRING, bind_name: STRING })),
        computed: true,
        description: 'The rules, as Nomad lists them (ordered by ID).',
      },
    },
  },

  async read(ctx, config) {
    // Nomad's list holds stubs without bind type, bind name or selector: read each rule.
    const all = await ctx.client.listBindingRulesDetailed(ctx.signal);
    const rules = all
      .filter(rule => config.auth_method === null || rule.AuthMethod === config.auth_method)
      .map(rule => ({
        id: rule.ID,
        description: rule.Description,
        auth_method: rule.AuthMethod,
        selector: rule.Selector,
        bind_type: rule.BindType,
        bind_name: rule.BindName,
      }));
    return { auth_method: config.auth_method, acl_binding_rules: rules };
  },
});
