import { ENFORCEMENT_MODES, labelHrefs } from './workload';
import { IllumioClient } from '../../clients/illumio/client';
import { getWorkload, listWorkloads, readWorkloadShared, updateWorkload, Workload } from '../../clients/illumio/workloads';
import { BOOL, STRING, set } from '../../provider/cty/types';
import { Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_managed_workload: the settings of a workload a VEN manages that the API lets
 * one change (its labels, enforcement mode and traffic logging). A managed workload comes into
 * being when a VEN pairs, never through the API, so this resource adopts one:
 *
 * - create finds the workload by `href`, or by its exact `hostname` (failing when none or several
 *   managed workloads have it), and applies the attributes the configuration sets; unset ones keep
 *   the PCE's values and are read into state;
 * - delete leaves the workload and its VEN as they are, with a warning (unpairing is a host's
 *   decision, not a Terraform destroy);
 * - a workload that disappeared (its VEN unpaired) is planned for adoption again, which fails
 *   until a VEN pairs again.
 */
export interface ManagedWorkloadModel {
  href: string | null;
  hostname: string | null;
  name: string | null;
  labels: string[] | null;
  enforcement_mode: string | null;
  log_traffic: boolean | null;
  ven_href: string | null;
  online: boolean | null;
}

export const managedWorkload = defineResource<IllumioClient, ManagedWorkloadModel>({
  typeName: 'secops_illumio_managed_workload',
  schema: {
    description: 'Adopts an Illumio workload managed by a VEN (found by href or hostname) and manages its labels, enforcement mode and traffic logging. '
      + 'Destroy leaves the workload as it is.',
    attributes: {
      href: {
        type: STRING,
        optional: true,
        computed: true,
        requiresReplace: true,
        description: 'Href of the managed workload to adopt; give this or `hostname`. Import with `terraform import <address> <href>`.',
      },
      hostname: {
        type: STRING,
        optional: true,
        computed: true,
        requiresReplace: true,
        description: 'Hostname of the managed workload to adopt, matched exactly; give this or `href`.',
      },
      name: { type: STRING, computed: true, description: 'The workload\'s name.' },
      labels: {
        type: set(STRING),
        optional: true,
        computed: true,
        description: 'Hrefs of the workload\'s labels, at most one per key. Unset: the labels the workload has are kept.',
        validators: [labelHrefs],
      },
      enforcement_mode: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'The VEN\'s mode: `idle`, `illuminated` (visibility only) or `enforced`. Unset: kept as it is.',
        validators: [validators.oneOf(ENFORCEMENT_MODES)],
      },
      log_traffic: { type: BOOL, optional: true, computed: true, description: 'Whether the PCE records the workload\'s traffic events. Unset: kept as it is.' },
      ven_href: { type: STRING, computed: true, description: 'Href of the VEN that manages the workload.' },
      online: { type: BOOL, computed: true, description: 'Whether the VEN is online.' },
    },
  },

  validate(config) {
    const given = (value: unknown): boolean => value !== null;
    if (given(config.href) === given(config.hostname)) {
      return [{ path: ['href'], summary: 'Give href or hostname', detail: 'exactly one of href and hostname names the managed workload to adopt' }];
    }
    return [];
  },

  async create(ctx, planned) {
    const adopted = await adopt(ctx, planned);
    return apply(ctx, adopted.href, planned);
  },

  async read(ctx, current) {
    const found = await readWorkloadShared(ctx.client, current.href!);
    return found && !found.deleted && found.ven ? managedFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    return apply(ctx, prior.href!, planned);
  },

  async delete(ctx, current) {
    ctx.warn(
      'The managed workload was left as it is',
      `${current.href} is managed by its VEN and keeps its labels and mode; it is no longer managed by this configuration. Unpair the VEN to remove it.`,
    );
  },

  async importState(_ctx, href) {
    return { href };
  },
});

async function adopt(ctx: HandlerContext<IllumioClient>, planned: ManagedWorkloadModel): Promise<Workload> {
  if (typeof planned.href === 'string') {
    const found = await getWorkload(ctx.client, planned.href, ctx.signal);
    if (!found || found.deleted) throw new Error(`The PCE has no workload ${planned.href}`);
    if (!found.ven) throw new Error(`${planned.href} is an unmanaged workload (no VEN); manage it with secops_illumio_workload`);
    return found;
  }
  const hostname = planned.hostname!;
  const matches = (await listWorkloads(ctx.client, { hostname, managed: true }, ctx.signal)).filter((found) => found.hostname === hostname);
  if (matches.length !== 1) {
    throw new Error(matches.length === 0
      ? `No managed workload has hostname "${hostname}": pair its VEN first`
      : `${matches.length} managed workloads have hostname "${hostname}" (${matches.map((found) => found.href).join(', ')}): adopt one by href`);
  }
  return matches[0]!;
}

const isSet = <T>(value: T | null | Unknown): value is T => value !== null && value !== undefined && !(value instanceof Unknown);

/** Sends the configured attributes (20.1 workloads_put: labels, agent.config) and returns the workload as it now is. */
async function apply(ctx: HandlerContext<IllumioClient>, href: string, planned: ManagedWorkloadModel): Promise<ManagedWorkloadModel> {
  const body: Record<string, unknown> = {};
  if (isSet(planned.labels)) body.labels = planned.labels.map((label) => ({ href: label }));
  const config: Record<string, unknown> = {};
  if (isSet(planned.enforcement_mode)) config.mode = planned.enforcement_mode;
  if (isSet(planned.log_traffic)) config.log_traffic = planned.log_traffic;
  if (Object.keys(config).length > 0) body.agent = { config };
  if (Object.keys(body).length > 0) await updateWorkload(ctx.client, href, body, ctx.signal);
  const found = await getWorkload(ctx.client, href, ctx.signal);
  if (!found) throw new Error(`The PCE no longer returns workload ${href}`);
  return managedFromPce(found);
}

export function managedFromPce(pce: Workload): ManagedWorkloadModel {
  return {
    href: pce.href,
    hostname: pce.hostname ?? null,
    name: pce.name ?? null,
    labels: (pce.labels ?? []).map((label) => label.href),
    enforcement_mode: pce.agent?.config?.mode ?? null,
    log_traffic: pce.agent?.config?.log_traffic ?? null,
    ven_href: pce.ven?.href ?? null,
    online: pce.online ?? null,
  };
}
