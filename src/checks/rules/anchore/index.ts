import { anchoreAdminRoleMembership } from './anchore-admin-role-membership';
import { anchoreAdminRoleOtherAccount } from './anchore-admin-role-other-account';
import { anchoreSamlAcsHttp } from './anchore-saml-acs-http';
import { anchoreSamlDefaultAdminRole } from './anchore-saml-default-admin-role';
import { anchoreSamlMetadataHttp } from './anchore-saml-metadata-http';
import { anchoreSamlUnsigned } from './anchore-saml-unsigned';
import { RulePack } from '../../model';
import { nounsOf } from '../../nouns';
import { knownString } from '../../values';

/** The Anchore pack: one rule per file in this folder. */
export const anchorePack: RulePack = {
  name: 'anchore',
  title: 'Anchore',
  rules: [
    anchoreAdminRoleOtherAccount,
    anchoreSamlUnsigned,
    anchoreSamlMetadataHttp,
    anchoreSamlDefaultAdminRole,
    anchoreAdminRoleMembership,
    anchoreSamlAcsHttp,
  ],
  nouns: nounsOf('anchore', {
    secops_anchore_role_member: 'role membership',
    secops_anchore_saml_idp: 'SAML IdP',
    secops_anchore_saml_idp_user_group_mapping: 'IdP user-group mapping',
  }),
  describe(view, values) {
    if (view.type !== 'secops_anchore_role_member') return undefined;
    const [role, account, username] = [values.role_name, values.for_account, values.username].map(knownString);
    return role && account && username ? `"${role}" for ${username} in account "${account}"` : undefined;
  },
};
