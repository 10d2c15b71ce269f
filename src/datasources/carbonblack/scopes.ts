import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { BOOL, list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/** data "secops_carbonblack_scopes": every scope, or the one with a given name. */
export interface ScopeSummary {
  scope_id: string;
  name: string;
  lifecycle_phase: string;
  clusters: string[];
  clusters_groups: string[];
  namespaces: string[];
  is_protected: boolean;
}

export interface ScopesData {
  name: string | null;
  scopes: ScopeSummary[] | null;
}

export const scopesData = defineDataSource<CarbonBlackClient, ScopesData>({
  typeName: 'secops_carbonblack_scopes',
  schema: {
    description: 'Lists Carbon Black Cloud Kubernetes scopes (including the built-in "Any").',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only the scope with exactly this name.' },
      scopes: {
        type: list(object({
          scope_id: STRING,
          name: STRING,
          lifecycle_phase: STRING,
          clusters: list(STRING),
          clusters_groups: list(STRING),
          namespaces: list(STRING),
          is_protected: BOOL,
        })),
        computed: true,
        description: 'The scopes.',
      },
    },
  },

  async read(ctx, config) {
    const scopes = (await ctx.client.listScopes(ctx.signal))
      .filter(found => config.name === null || found.name === config.name)
      .map(found => ({
        scope_id: found.scope_id,
        name: found.name,
        lifecycle_phase: found.lifecycle_phase,
        clusters: [...found.clusters],
        clusters_groups: [...found.clusters_groups],
        namespaces: [...found.namespaces],
        is_protected: found.is_protected,
      }));
    return { ...config, scopes };
  },
});
