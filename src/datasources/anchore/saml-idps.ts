import { AnchoreClient } from '../../clients/anchore/client';
import { list, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_anchore_saml_idps": the names of the configured SAML identity providers (`GET /saml/idps`). */
export interface SamlIdpsData {
  names: string[] | null;
}

export const samlIdpsData = defineDataSource<AnchoreClient, SamlIdpsData>({
  typeName: 'secops_anchore_saml_idps',
  schema: {
    description: 'Lists the names of the SAML identity providers configured in Anchore Enterprise.',
    attributes: {
      names: { type: list(STRING), computed: true, description: 'The IdP names, sorted.' },
    },
  },

  async read(ctx) {
    return { names: (await ctx.client.listIdpNames(ctx.signal)).sort() };
  },
});
