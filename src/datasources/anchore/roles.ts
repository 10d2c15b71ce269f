import { AnchoreClient } from '../../clients/anchore/client';
import { list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_roles": every RBAC role of the installation (`GET /roles`). */
export interface RolesData {
  roles: { name: string; description: string | null; created_at: string | null }[] | null;
}

export const rolesData = defineDataSource<AnchoreClient, RolesData>({
  typeName: 'secops_anchore_roles',
  schema: {
    description: 'Lists the RBAC roles of Anchore Enterprise.',
    attributes: {
      roles: {
        type: list(object({ name: STRING, description: STRING, created_at: STRING })),
        computed: true,
        description: 'The roles (name, description, created_at), ordered by name.',
      },
    },
  },

  async read(ctx) {
    const roles = await ctx.client.listRoles(ctx.signal);
    return {
      roles: roles
        .map(role => ({ name: role.name, description: role.description ?? null, created_at: role.created_at ?? null }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  },
});
