import { AlreadyExistsError, listOrNull } from './existing';
import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { LIFECYCLE_PHASES, Scope, ScopeWrite } from '../../clients/carbonblack/types';
import { BOOL, set, STRING } from '../../provider/cty/types';
import { defineResource, HandlerContext, Problem } from '../../provider/definitions';
import { importIdPattern, SEGMENT_PATTERN } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_carbonblack_scope: a Kubernetes scope (`/guardrails/management/scopes`), a group of
 * resources by cluster, cluster group and namespace that one policy applies to. Created and
 * updated by the same POST (an update carries `scope_id`); names and the combination of
 * clusters, cluster groups and namespaces are unique. A scope a policy uses cannot be deleted:
 * Terraform destroys the policy first because the policy refers to the scope.
 */
export interface ScopeModel {
  scope_id: string | null;
  name: string;
  lifecycle_phase: string | null;
  clusters: string[] | null;
  clusters_groups: string[] | null;
  namespaces: string[] | null;
  is_protected: boolean | null;
  creator: string | null;
  created_on: string | null;
  modified_by: string | null;
  modified_on: string | null;
}

export const scope = defineResource<CarbonBlackClient, ScopeModel>({
  typeName: 'secops_carbonblack_scope',
  importId: importIdPattern('the scope\'s scope_id (one path segment, e.g. a UUID)', SEGMENT_PATTERN, 'a Carbon Black Cloud scope id'),
  schema: {
    description: 'A Carbon Black Cloud Kubernetes scope: the clusters (or cluster groups) and namespaces a guardrails policy applies to.',
    attributes: {
      scope_id: { type: STRING, computed: true, description: 'The scope\'s id, assigned by Carbon Black Cloud. Import with `terraform import <address> <scope_id>`.' },
      name: { type: STRING, required: true, description: 'Name, unique among the organisation\'s scopes.', validators: [validators.notEmpty()] },
      lifecycle_phase: {
        type: STRING,
        optional: true,
        default: 'any',
        description: 'Which lifecycle phase of the resources the scope covers: `any`, `build` or `deployed`. Default `any`.',
        validators: [validators.oneOf(LIFECYCLE_PHASES)],
      },
      clusters: { type: set(STRING), optional: true, description: 'Clusters of the resources to track; `*` means all clusters. This or `clusters_groups` needs at least one value.' },
      clusters_groups: { type: set(STRING), optional: true, description: 'Cluster groups of the resources to track; `*` means all cluster groups. This or `clusters` needs at least one value.' },
      namespaces: { type: set(STRING), optional: true, default: ['*'], description: 'Namespaces of the resources to track; `*` (the default) means all namespaces.' },
      is_protected: { type: BOOL, computed: true, description: 'Whether Carbon Black Cloud protects the scope from deletion (built-in scopes such as "Any").' },
      creator: { type: STRING, computed: true, description: 'Who created the scope.' },
      created_on: { type: STRING, computed: true, description: 'When the scope was created (ISO 8601).' },
      modified_by: { type: STRING, computed: true, changesOnUpdate: true, description: 'Who last changed the scope.' },
      modified_on: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the scope last changed (ISO 8601).' },
    },
  },

  validate: config => clusterProblems(config),

  async create(ctx, planned) {
    await refuseExisting(ctx, planned);
    const id = await ctx.client.createScope(toApi(planned), ctx.signal);
    ctx.created({ ...planned, scope_id: id });
    return readBack(ctx, id, planned);
  },

  async read(ctx, current) {
    const found = await ctx.client.getScope(current.scope_id!, ctx.signal);
    return found ? fromApi(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    await ctx.client.updateScope(prior.scope_id!, toApi(planned), ctx.signal);
    return readBack(ctx, prior.scope_id!, planned);
  },

  async delete(ctx, current) {
    await ctx.client.deleteScope(current.scope_id!, ctx.signal);
  },

  // Carbon Black Cloud refuses to delete a protected scope ("Any"): destroy only forgets it.
  builtIn: async (_ctx, current) => (current.is_protected === true ? `the protected Carbon Black Cloud scope "${current.name}"` : undefined),

  async importState(_ctx, id) {
    return { scope_id: id };
  },
});

/** The document: "One of the properties [clusters_groups] or [clusters] has to have at least 1 value." */
export function clusterProblems(config: { clusters: unknown; clusters_groups: unknown }): Problem[] {
  const { clusters, clusters_groups: groups } = config;
  const known = (value: unknown) => value === null || Array.isArray(value);
  if (!known(clusters) || !known(groups)) return [];
  const count = ((clusters as unknown[] | null) ?? []).length + ((groups as unknown[] | null) ?? []).length;
  if (count > 0) return [];
  return [{ path: ['clusters'], summary: 'Missing value for "clusters"', detail: 'a scope needs at least one value in "clusters" or "clusters_groups" (`*` means all)' }];
}

/** A scope with this name, or with the same clusters, groups and namespaces, would be updated or refused: stop and point at it. */
async function refuseExisting(ctx: HandlerContext<CarbonBlackClient>, planned: ScopeModel): Promise<void> {
  const combination = combinationKey(planned.clusters_groups, planned.clusters, planned.namespaces);
  for (const existing of await ctx.client.listScopes(ctx.signal)) {
    if (existing.name === planned.name) {
      throw new AlreadyExistsError(`A Carbon Black Cloud scope named "${planned.name}"`, scope.typeName, existing.scope_id);
    }
    if (combinationKey(existing.clusters_groups, existing.clusters, existing.namespaces) === combination) {
      throw new AlreadyExistsError(`A Carbon Black Cloud scope with the same clusters, cluster groups and namespaces ("${existing.name}")`, scope.typeName, existing.scope_id);
    }
  }
}

function combinationKey(...lists: Array<readonly string[] | null>): string {
  return JSON.stringify(lists.map(list => [...new Set(list ?? [])].sort()));
}

async function readBack(ctx: HandlerContext<CarbonBlackClient>, id: string, planned: ScopeModel): Promise<ScopeModel> {
  const found = await ctx.client.getScope(id, ctx.signal);
  if (!found) throw new Error(`Carbon Black Cloud scope ${id} was written but cannot be read back`);
  return fromApi(found, planned);
}

function toApi(model: ScopeModel): ScopeWrite {
  return {
    name: model.name,
    lifecycle_phase: model.lifecycle_phase ?? 'any',
    clusters: model.clusters ?? [],
    clusters_groups: model.clusters_groups ?? [],
    namespaces: model.namespaces ?? ['*'],
  };
}

function fromApi(api: Scope, known: Partial<ScopeModel>): ScopeModel {
  return {
    scope_id: api.scope_id,
    name: api.name,
    lifecycle_phase: api.lifecycle_phase,
    clusters: listOrNull(api.clusters, known.clusters),
    clusters_groups: listOrNull(api.clusters_groups, known.clusters_groups),
    namespaces: [...api.namespaces],
    is_protected: api.is_protected,
    creator: api.creator,
    created_on: api.created_on_iso,
    modified_by: api.modified_by,
    modified_on: api.modified_on_iso,
  };
}
