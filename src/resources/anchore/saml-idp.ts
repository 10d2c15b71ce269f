import { AnchoreClient, SamlIdp } from '../../clients/anchore/client';
import { BOOL, NUMBER, STRING } from '../../provider/cty/types';
import { isUnknown } from '../../provider/cty/values';
import { defineResource, Problem } from '../../provider/definitions';
import { importIdPattern, SEGMENT_PATTERN } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_anchore_saml_idp: a named SAML 2.0 identity provider configuration (`/saml/idps`;
 * 5.x: `/v2/rbac-manager/saml/idps`). Users log in through it at the SP's ACS URL; Anchore maps
 * them to an account and role from assertion attributes or the defaults. The name is part of the
 * ACS URL and cannot change; every other field is updated in place (the whole configuration is sent).
 */
export interface SamlIdpModel {
  name: string;
  enabled: boolean;
  sp_entity_id: string;
  acs_url: string;
  acs_https_port: number | null;
  idp_metadata_url: string | null;
  idp_metadata_xml: string | null;
  idp_username_attribute: string | null;
  idp_account_attribute: string | null;
  idp_role_attribute: string | null;
  idp_groups_attribute: string | null;
  default_account: string | null;
  default_role: string | null;
  require_signed_assertions: boolean;
  require_signed_response: boolean;
  require_existing_users: boolean | null;
  created_at: string | null;
  last_updated: string | null;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
const OPTIONAL_TEXT = [
  'acs_https_port', 'idp_metadata_url', 'idp_metadata_xml', 'idp_username_attribute', 'idp_account_attribute', 'idp_role_attribute',
  'idp_groups_attribute', 'default_account', 'default_role',
] as const;

export const samlIdp = defineResource<AnchoreClient, SamlIdpModel>({
  typeName: 'secops_anchore_saml_idp',
  importId: importIdPattern('the IdP\'s name, e.g. okta', SEGMENT_PATTERN, 'a SAML IdP name'),
  schema: {
    description: 'A SAML 2.0 identity provider configuration of Anchore Enterprise. Import with `terraform import <address> <name>`.',
    attributes: {
      name: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Name of the configuration; part of the URL the IdP posts assertions to (letters, digits, `_` and `-`). Changing it replaces the IdP.',
        validators: [validators.custom('letters, digits, "_" and "-"', value => NAME_PATTERN.test(value as string)
          ? undefined
          : `must match ^[a-zA-Z0-9_-]+$ (letters, digits, "_" and "-"), got "${String(value)}"`)],
      },
      enabled: { type: BOOL, default: true, description: 'Whether users may log in through this IdP. Default: true.' },
      sp_entity_id: {
        type: STRING,
        required: true,
        description: 'Entity ID of Anchore as service provider, typically a URL; the IdP must expect the same value.',
        validators: [validators.notEmpty()],
      },
      acs_url: {
        type: STRING,
        required: true,
        description: 'URL at which the IdP reaches Anchore\'s Assertion Consumer Service for this configuration (the RBAC manager\'s `/saml/sso/<name>` route as seen from outside).',
        validators: [validators.notEmpty()],
      },
      acs_https_port: {
        type: NUMBER,
        optional: true,
        description: 'HTTPS port of the ACS when not 443; -1 or unset means 443.',
        validators: [validators.custom('a port number or -1', value => portProblem(value as number))],
      },
      idp_metadata_url: { type: STRING, optional: true, description: 'URL of the IdP\'s SAML metadata. Exactly one of this and `idp_metadata_xml` must be set.' },
      idp_metadata_xml: {
        type: STRING,
        optional: true,
        sensitive: true,
        description: 'The IdP\'s SAML metadata document itself, when no URL serves it. Exactly one of this and `idp_metadata_url` must be set.',
      },
      idp_username_attribute: { type: STRING, optional: true, description: 'Assertion attribute holding the Anchore username; the subject when unset.' },
      idp_account_attribute: { type: STRING, optional: true, description: 'Assertion attribute holding the Anchore account; `default_account` when unset.' },
      idp_role_attribute: { type: STRING, optional: true, description: 'Assertion attribute holding the role(s) of a new user in the account; `default_role` when unset.' },
      idp_groups_attribute: {
        type: STRING,
        optional: true,
        description: 'Enterprise 5.x (`api_layout = "5.x"`): assertion attribute holding SSO groups, for user-group mappings. Anchore\'s default: `memberOf`.',
      },
      default_account: { type: STRING, optional: true, description: 'Existing account new users from this IdP join when no account attribute is mapped or present.' },
      default_role: { type: STRING, optional: true, description: 'Role new users from this IdP get when no role attribute is mapped or present.' },
      require_signed_assertions: { type: BOOL, default: true, description: 'Require the IdP to sign assertions. Default: true.' },
      require_signed_response: { type: BOOL, default: true, description: 'Require the IdP to sign the authentication response. Default: true.' },
      require_existing_users: {
        type: BOOL,
        computed: true,
        description: 'Enterprise 5.x: whether SSO users must already exist in Anchore (read-only here; Anchore ignores it on writes).',
      },
      created_at: { type: STRING, computed: true, description: 'When the configuration was created (RFC 3339).' },
      last_updated: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the configuration was last changed (RFC 3339).' },
    },
  },

  validate: config => metadataProblems(config),

  async create(ctx, planned) {
    // An IdP configured before this apply is never taken over, not even when Anchore's 409 for it is lost.
    if (await ctx.client.getIdp(planned.name, ctx.signal)) {
      throw new Error(`SAML IdP ${planned.name} already exists; import it with ID "${planned.name}"`);
    }
    return fromAnchore(await ctx.client.createIdp(toAnchore(planned), ctx.signal));
  },

  async read(ctx, current) {
    const idp = await ctx.client.getIdp(current.name, ctx.signal);
    return idp ? fromAnchore(idp) : undefined;
  },

  async update(ctx, planned) {
    return fromAnchore(await ctx.client.updateIdp(toAnchore(planned), ctx.signal));
  },

  async delete(ctx, current) {
    await ctx.client.deleteIdp(current.name, ctx.signal);
  },

  async importState(_ctx, name) {
    return { name };
  },
});

/** The document says only one of the two should be set, and Anchore needs one to reach the IdP. */
export function metadataProblems(config: { idp_metadata_url: unknown; idp_metadata_xml: unknown }): Problem[] {
  const { idp_metadata_url: url, idp_metadata_xml: xml } = config;
  if (isUnknown(url) || isUnknown(xml)) return [];
  if (url !== null && xml !== null) {
    return [{ path: ['idp_metadata_xml'], summary: 'Conflicting values for "idp_metadata_url" and "idp_metadata_xml"', detail: 'set only one of idp_metadata_url and idp_metadata_xml' }];
  }
  if (url === null && xml === null) {
    return [{ path: ['idp_metadata_url'], summary: 'Missing value for "idp_metadata_url"', detail: 'one of idp_metadata_url and idp_metadata_xml is required' }];
  }
  return [];
}

function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && (port === -1 || (port >= 1 && port <= 65535)) ? undefined : `must be a port number (1-65535) or -1, got ${port}`;
}

function toAnchore(model: SamlIdpModel): SamlIdp {
  const optional = Object.fromEntries(OPTIONAL_TEXT.filter(key => model[key] !== null).map(key => [key, model[key]]));
  return {
    name: model.name,
    enabled: model.enabled,
    sp_entity_id: model.sp_entity_id,
    acs_url: model.acs_url,
    require_signed_assertions: model.require_signed_assertions,
    require_signed_response: model.require_signed_response,
    ...optional,
  };
}

function fromAnchore(idp: SamlIdp): SamlIdpModel {
  return {
    name: idp.name,
    enabled: idp.enabled,
    sp_entity_id: idp.sp_entity_id,
    acs_url: idp.acs_url,
    acs_https_port: idp.acs_https_port ?? null,
    idp_metadata_url: idp.idp_metadata_url ?? null,
    idp_metadata_xml: idp.idp_metadata_xml ?? null,
    idp_username_attribute: idp.idp_username_attribute ?? null,
    idp_account_attribute: idp.idp_account_attribute ?? null,
    idp_role_attribute: idp.idp_role_attribute ?? null,
    idp_groups_attribute: idp.idp_groups_attribute ?? null,
    default_account: idp.default_account ?? null,
    default_role: idp.default_role ?? null,
    require_signed_assertions: idp.require_signed_assertions ?? true,
    require_signed_response: idp.require_signed_response ?? true,
    require_existing_users: idp.require_existing_users ?? null,
    created_at: idp.created_at ?? null,
    last_updated: idp.last_updated ?? null,
  };
}
