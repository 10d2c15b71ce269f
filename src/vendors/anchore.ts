import { myRolesData } from '../datasources/anchore/my-roles';
import { roleData } from '../datasources/anchore/role';
import { roleMembersData } from '../datasources/anchore/role-members';
import { rolesData } from '../datasources/anchore/roles';
import { samlIdpsData } from '../datasources/anchore/saml-idps';
import { serviceData as anchoreServiceData } from '../datasources/anchore/service';
import { userRolesData } from '../datasources/anchore/user-roles';
import { defineVendor } from '../provider/definitions';
import { idpUserGroupMapping } from '../resources/anchore/idp-user-group-mapping';
import { anchoreSettings, configureAnchore, validateAnchoreSettings } from '../resources/anchore/provider-block';
import { roleMember } from '../resources/anchore/role-member';
import { samlIdp } from '../resources/anchore/saml-idp';

/** The anchore vendor: its provider block, resources, data sources and functions. */
export const anchore = defineVendor({
  name: 'anchore',
  settings: anchoreSettings,
  validateSettings: validateAnchoreSettings,
  configure: configureAnchore,
  resources: [roleMember, samlIdp, idpUserGroupMapping],
  dataSources: [rolesData, roleData, roleMembersData, userRolesData, myRolesData, samlIdpsData, anchoreServiceData],
});
