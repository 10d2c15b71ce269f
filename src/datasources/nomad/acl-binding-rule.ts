import { NomadClient } from '../../clients/nomad/client';
import { STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_nomad_acl_binding_rule": one Nomad ACL binding rule, by ID. */
export interface AclBindingRuleData {
  id: string;
  description: string;
  auth_method: string | null;
  selector: string;
  bind_type: string | null;
  bind_name: string;
  create_time: string | null;
  modify_time: string | null;
}

export const aclBindingRuleData = defineDataSource<NomadClient, AclBindingRuleData>({
  typeName: 'secops_nomad_acl_binding_rule',
  schema: {
    description: 'Reads one Nomad ACL binding rule by its ID.',
    attributes: {
      id: { type: STRING, required: true, description: 'The rule\'s ID (UUID).' },
      description: { type: STRING, computed: true, description: 'Human-readable description; "" when unset.' },
      auth_method: { type: STRING, computed: true, description: 'Auth method the rule applies to.' },
      selector: { type: STRING, computed: true, description: 'Selector expression; "" matches every identity.' },
      bind_type: { type: STRING, computed: true, description: '`role`, `policy` or `management`.' },
      bind_name: { type: STRING, computed: true, description: 'Role or policy granted; "" for management.' },
      create_time: { type: STRING, computed: true, description: 'When the rule was created (RFC 3339).' },
      modify_time: { type: STRING, computed: true, description: 'When the rule was last modified (RFC 3339).' },
    },
  },

  async read(ctx, config) {
    const rule = await ctx.client.getBindingRule(config.id, ctx.signal);
    if (!rule) throw new Error(`Nomad has no ACL binding rule with ID "${config.id}"`);
    return {
      id: config.id,
      description: rule.Description ?? '',
      auth_method: rule.AuthMethod,
      selector: rule.Selector ?? '',
      bind_type: rule.BindType,
      bind_name: rule.BindName ?? '',
      create_time: rule.CreateTime ?? null,
      modify_time: rule.ModifyTime ?? null,
    };
  },
});
