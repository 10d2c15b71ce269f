import { AnchoreClient, RoleMember } from '../../clients/anchore/client';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { importIdPattern } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_anchore_role_member: a user holding an RBAC role within an account
 * (`POST/DELETE /roles/{rolename}/members`; 5.x: `/v2/rbac-manager/roles/{role_name}/members`).
 * The API has no update, so a change of any attribute revokes the membership and grants a new one.
 * A user may hold roles in accounts other than its own (cross-account access).
 */
export interface RoleMemberModel {
  id: string | null;
  role_name: string;
  username: string;
  for_account: string;
  created_at: string | null;
}

const NO_SLASH = validators.custom('no "/"', value => (value as string).includes('/') ? 'must not contain "/"' : undefined);

export const roleMember = defineResource<AnchoreClient, RoleMemberModel>({
  typeName: 'secops_anchore_role_member',
  importId: importIdPattern('<role>/<account>/<username>, e.g. read-only/engineering/alice', /^[^/\s]+\/[^/\s]+\/[^/\s]+$/, 'a role membership ID'),
  schema: {
    description: 'A role granted to an Anchore Enterprise user within an account. Import with `terraform import <address> <role>/<account>/<username>`.',
    attributes: {
      id: { type: STRING, computed: true, description: 'The membership as `<role>/<account>/<username>`.' },
      role_name: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Name of the role, e.g. `read-only`, `read-write`, `policy-editor` (see data source `secops_anchore_roles`).',
        validators: [validators.notEmpty(), NO_SLASH],
      },
      username: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'The user who holds the role.',
        validators: [validators.notEmpty(), NO_SLASH],
      },
      for_account: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'The account the role applies in (`for_account` in 4.x, `domain_name` in 5.x).',
        validators: [validators.notEmpty(), NO_SLASH],
      },
      created_at: { type: STRING, computed: true, description: 'When the membership was granted (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    const { role_name: role, username, for_account: account } = planned;
    // Anchore answers a repeated grant with the existing membership: refuse to adopt it silently.
    if (await ctx.client.getRoleMember(role, username, account, ctx.signal)) {
      throw new Error(`${username} already holds role ${role} in account ${account}; import it with ID "${memberId(role, account, username)}"`);
    }
    return fromAnchore(role, await ctx.client.addRoleMember(role, { username, account }, ctx.signal));
  },

  async read(ctx, current) {
    const member = await ctx.client.getRoleMember(current.role_name, current.username, current.for_account, ctx.signal);
    return member ? fromAnchore(current.role_name, member) : undefined;
  },

  async update() {
    throw new Error('Anchore role memberships cannot be changed in place; every attribute requires replacement');
  },

  async delete(ctx, current) {
    await ctx.client.removeRoleMember(current.role_name, current.username, current.for_account, ctx.signal);
  },

  async importState(_ctx, id) {
    const parts = id.split('/');
    if (parts.length !== 3 || parts.some(part => part === '')) {
      throw new Error(`Import ID must be <role>/<account>/<username>, e.g. read-only/engineering/alice; got "${id}"`);
    }
    const [role, account, username] = parts as [string, string, string];
    return { id, role_name: role, for_account: account, username };
  },
});

export function memberId(role: string, account: string, username: string): string {
  return `${role}/${account}/${username}`;
}

function fromAnchore(role: string, member: RoleMember): RoleMemberModel {
  return {
    id: memberId(role, member.account, member.username),
    role_name: role,
    username: member.username,
    for_account: member.account,
    created_at: member.created_at ?? null,
  };
}
