import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/** The browser posts the signed assertion to the ACS URL: over http it can be read and replayed. */
export const anchoreSamlAcsHttp: Rule = {
  id: 'anchore-saml-acs-http',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A SAML IdP posts assertions to an Assertion Consumer Service URL over plain http.',
  remediation: 'Serve Anchore\'s ACS over https and use the `https://` URL (with `acs_https_port` when not 443).',
  resourceTypes: ['secops_anchore_saml_idp'],
  check(view) {
    const url = knownUrl(view.values!.acs_url);
    if (!url || url.protocol !== 'http:') return [];
    return [`Assertions reach ${url.host} over http, where they can be read and replayed to log in.`];
  },
};
