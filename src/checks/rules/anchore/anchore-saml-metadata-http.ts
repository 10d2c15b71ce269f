import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/**
 * The IdP metadata carries the certificate Anchore verifies assertions with. Fetched over plain
 * http, whoever sits on the path can swap in their own certificate and sign any login.
 */
export const anchoreSamlMetadataHttp: Rule = {
  id: 'anchore-saml-metadata-http',
  severity: FindingSeverity.ERROR,
  description: 'A SAML IdP\'s metadata (with its signing certificate) is fetched over plain http.',
  remediation: 'Use the IdP\'s `https://` metadata URL, or paste the metadata in `idp_metadata_xml`.',
  resourceTypes: ['secops_anchore_saml_idp'],
  check(view) {
    const url = knownUrl(view.values!.idp_metadata_url);
    if (!url || url.protocol !== 'http:') return [];
    return [`The metadata comes from ${url.host} over http: a forged signing certificate on the way lets anyone sign logins.`];
  },
};
