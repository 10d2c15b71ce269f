import { AnchoreClient, IdpUserGroup } from '../../clients/anchore/client';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { importIdPattern } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_anchore_saml_idp_user_group_mapping (Enterprise 5.x, `api_layout = "5.x"`): a user group
 * associated with a SAML IdP (`/v2/rbac-manager/saml/idps/{name}/user-group-mappings`), so users
 * logging in through the IdP with that group in their groups attribute get the group's roles.
 * One resource per group; the API adds and removes mappings but has no update.
 */
export interface IdpUserGroupMappingModel {
  id: string | null;
  idp_name: string;
  user_group_uuid: string;
  user_group_name: string | null;
  mapped_on: string | null;
}

export const idpUserGroupMapping = defineResource<AnchoreClient, IdpUserGroupMappingModel>({
  typeName: 'secops_anchore_saml_idp_user_group_mapping',
  importId: importIdPattern('<idp_name>/<user_group_uuid>', /^[^/\s]+\/[^/\s]+$/, 'a user-group mapping ID'),
  schema: {
    description: 'Enterprise 5.x: a user group mapped to a SAML identity provider. Import with `terraform import <address> <idp_name>/<user_group_uuid>`.',
    attributes: {
      id: { type: STRING, computed: true, description: 'The mapping as `<idp_name>/<user_group_uuid>`.' },
      idp_name: { type: STRING, required: true, requiresReplace: true, description: 'Name of the SAML IdP configuration.', validators: [validators.notEmpty()] },
      user_group_uuid: { type: STRING, required: true, requiresReplace: true, description: 'UUID of the Anchore user group.', validators: [validators.notEmpty()] },
      user_group_name: { type: STRING, computed: true, description: 'Name of the user group.' },
      mapped_on: { type: STRING, computed: true, description: 'When the group was mapped to the IdP (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    const id = mappingId(planned.idp_name, planned.user_group_uuid);
    // A mapping made before this apply is never taken over, not even when Anchore's 409 for it is lost.
    const existing = await ctx.client.listIdpUserGroups(planned.idp_name, ctx.signal);
    if (existing?.some(group => group.user_group_uuid === planned.user_group_uuid)) {
      throw new Error(`User group ${planned.user_group_uuid} is already mapped to IdP ${planned.idp_name}; import it with ID "${id}"`);
    }
    const mappings = await ctx.client.addIdpUserGroups(planned.idp_name, [planned.user_group_uuid], ctx.signal);
    const mapping = mappings.find(group => group.user_group_uuid === planned.user_group_uuid);
    if (!mapping) throw new Error(`Anchore mapped user group ${planned.user_group_uuid} to IdP ${planned.idp_name} but does not list it`);
    return fromAnchore(planned.idp_name, mapping);
  },

  async read(ctx, current) {
    const mappings = await ctx.client.listIdpUserGroups(current.idp_name, ctx.signal);
    const mapping = mappings?.find(group => group.user_group_uuid === current.user_group_uuid);
    return mapping ? fromAnchore(current.idp_name, mapping) : undefined;
  },

  async update() {
    throw new Error('Anchore IdP user-group mappings cannot be changed in place; every attribute requires replacement');
  },

  async delete(ctx, current) {
    await ctx.client.removeIdpUserGroups(current.idp_name, [current.user_group_uuid], ctx.signal);
  },

  async importState(_ctx, id) {
    const [idp, uuid, ...rest] = id.split('/');
    if (!idp || !uuid || rest.length > 0) throw new Error(`Import ID must be <idp_name>/<user_group_uuid>; got "${id}"`);
    return { id, idp_name: idp, user_group_uuid: uuid };
  },
});

function fromAnchore(idp: string, mapping: IdpUserGroup): IdpUserGroupMappingModel {
  return {
    id: mappingId(idp, mapping.user_group_uuid),
    idp_name: idp,
    user_group_uuid: mapping.user_group_uuid,
    user_group_name: mapping.user_group_name ?? null,
    mapped_on: mapping.mapped_on ?? null,
  };
}

function mappingId(idp: string, uuid: string): string {
  return `${idp}/${uuid}`;
}
