import { AnchoreClient } from '../../clients/anchore/client';
import { list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_user_roles": the roles a user holds and where (`GET /users/{username}/roles`). */
export interface UserRolesData {
  username: string;
  for_account: string | null;
  role_name: string | null;
  roles: { role_name: string; accounts: string[]; created_at: string | null }[] | null;
}

export const userRolesData = defineDataSource<AnchoreClient, UserRolesData>({
  typeName: 'secops_anchore_user_roles',
  schema: {
    description: 'Lists the roles an Anchore Enterprise user holds, each with the accounts it is held in.',
    attributes: {
      username: { type: STRING, required: true, description: 'The user.' },
      for_account: { type: STRING, optional: true, description: 'Only roles held in this account.' },
      role_name: { type: STRING, optional: true, description: 'Only this role.' },
      roles: {
        type: list(object({ role_name: STRING, accounts: list(STRING), created_at: STRING })),
        computed: true,
        description: 'The user\'s roles, ordered by name, each with its accounts.',
      },
    },
  },

  async read(ctx, config) {
    const filter = { account: config.for_account ?? undefined, role: config.role_name ?? undefined };
    const roles = await ctx.client.userRoles(config.username, filter, ctx.signal);
    if (!roles) throw new Error(`Anchore has no user named "${config.username}"`);
    return {
      ...config,
      roles: roles
        .map(role => ({ role_name: role.role, accounts: [...role.accounts], created_at: role.created_at ?? null }))
        .sort((a, b) => a.role_name.localeCompare(b.role_name)),
    };
  },
});
