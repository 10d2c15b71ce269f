import { PERMISSION_TYPE } from './role';
import { AnchoreClient } from '../../clients/anchore/client';
import { list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_my_roles": the roles of the user the provider authenticates as (`GET /my_roles`). */
export interface MyRoleEntry {
  for_account: string;
  role_name: string;
  description: string | null;
  permissions: { action: string | null; target: string | null }[];
}

export interface MyRolesData {
  roles: MyRoleEntry[] | null;
}

export const myRolesData = defineDataSource<AnchoreClient, MyRolesData>({
  typeName: 'secops_anchore_my_roles',
  schema: {
    description: 'Lists the roles the provider\'s own user holds, per account, with their permissions.',
    attributes: {
      roles: {
        type: list(object({ for_account: STRING, role_name: STRING, description: STRING, permissions: list(PERMISSION_TYPE) })),
        computed: true,
        description: 'One entry per account and role, ordered by account then role.',
      },
    },
  },

  async read(ctx) {
    const mine = await ctx.client.myRoles(ctx.signal);
    return {
      roles: mine
        .map(({ account, role }) => ({
          for_account: account,
          role_name: role.name,
          description: role.description ?? null,
          permissions: (role.permissions ?? []).map(p => ({ action: p.action ?? null, target: p.target ?? null })),
        }))
        .sort((a, b) => a.for_account.localeCompare(b.for_account) || a.role_name.localeCompare(b.role_name)),
    };
  },
});
