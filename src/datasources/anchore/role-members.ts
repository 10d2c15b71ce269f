import { AnchoreClient } from '../../clients/anchore/client';
import { list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_role_members": the members of a role, optionally in one account (`GET /roles/{rolename}/members`). */
export interface RoleMembersData {
  role_name: string;
  for_account: string | null;
  members: { username: string; for_account: string; created_at: string | null }[] | null;
}

export const roleMembersData = defineDataSource<AnchoreClient, RoleMembersData>({
  typeName: 'secops_anchore_role_members',
  schema: {
    description: 'Lists the users holding an Anchore Enterprise role, in every account the caller may see or in one.',
    attributes: {
      role_name: { type: STRING, required: true, description: 'Name of the role.' },
      for_account: { type: STRING, optional: true, description: 'Only members in this account (Anchore answers 403 when the caller may not list its members).' },
      members: {
        type: list(object({ username: STRING, for_account: STRING, created_at: STRING })),
        computed: true,
        description: 'The memberships, ordered by account then username.',
      },
    },
  },

  async read(ctx, config) {
    const members = await ctx.client.listRoleMembers(config.role_name, config.for_account ?? undefined, ctx.signal);
    if (!members) throw new Error(`Anchore has no role named "${config.role_name}"`);
    return {
      ...config,
      members: members
        .map(member => ({ username: member.username, for_account: member.account, created_at: member.created_at ?? null }))
        .sort((a, b) => a.for_account.localeCompare(b.for_account) || a.username.localeCompare(b.username)),
    };
  },
});
