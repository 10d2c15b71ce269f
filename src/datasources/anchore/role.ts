import { AnchoreClient, Role } from '../../clients/anchore/client';
import { BOOL, list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_role": one RBAC role with its permissions (`GET /roles/{rolename}`). */
export interface RoleData {
  name: string;
  description: string | null;
  immutable: boolean | null;
  permissions: { action: string | null; target: string | null }[] | null;
  created_at: string | null;
  last_updated: string | null;
}

export const PERMISSION_TYPE = object({ action: STRING, target: STRING });

export const roleData = defineDataSource<AnchoreClient, RoleData>({
  typeName: 'secops_anchore_role',
  schema: {
    description: 'Reads one Anchore Enterprise RBAC role by name, with its permissions.',
    attributes: {
      name: { type: STRING, required: true, description: 'Name of the role, e.g. `read-only`.' },
      description: { type: STRING, computed: true, description: 'What the role is for.' },
      immutable: { type: BOOL, computed: true, description: 'Whether the role\'s permissions are fixed (true for the built-in roles).' },
      permissions: {
        type: list(PERMISSION_TYPE),
        computed: true,
        description: 'The grants of the role: an action (e.g. `getImage`, `*`) on a target (`*` or a target id).',
      },
      created_at: { type: STRING, computed: true, description: 'When the role was created (RFC 3339).' },
      last_updated: { type: STRING, computed: true, description: 'When the role was last changed (RFC 3339).' },
    },
  },

  async read(ctx, config) {
    const role = await ctx.client.getRole(config.name, ctx.signal);
    if (!role) throw new Error(`Anchore has no role named "${config.name}"`);
    return roleModel(role);
  },
});

export function roleModel(role: Role): RoleData {
  return {
    name: role.name,
    description: role.description ?? null,
    immutable: role.immutable ?? null,
    permissions: (role.permissions ?? []).map(p => ({ action: p.action ?? null, target: p.target ?? null })),
    created_at: role.created_at ?? null,
    last_updated: role.last_updated ?? null,
  };
}
