import { FindingSeverity, Rule } from '../../model';
import { knownBool, knownString } from '../../values';

const SIGNATURES = [
  ['require_signed_assertions', 'assertions'],
  ['require_signed_response', 'authentication responses'],
] as const;

/**
 * Without a signature check, anyone who can post to the ACS URL can forge an assertion and log in
 * as any user, with the account and role the assertion claims. Both flags default to true in the
 * API (and here), so only an explicit false is a finding.
 */
export const anchoreSamlUnsigned: Rule = {
  id: 'anchore-saml-unsigned',
  severity: FindingSeverity.ERROR,
  description: 'A SAML IdP does not require signed assertions or signed responses, so logins can be forged.',
  remediation: 'Set `require_signed_assertions` and `require_signed_response` to true (the default) and have the IdP sign both.',
  resourceTypes: ['secops_anchore_saml_idp'],
  check(view) {
    const values = view.values!;
    const unsigned = SIGNATURES.filter(([attribute]) => knownBool(values[attribute]) === false).map(([, what]) => what);
    if (unsigned.length === 0) return [];
    const name = knownString(values.name);
    return [`IdP ${name ? `"${name}" ` : ''}accepts unsigned ${unsigned.join(' and ')}: anyone who can reach the ACS URL can log in as any user.`];
  },
};
