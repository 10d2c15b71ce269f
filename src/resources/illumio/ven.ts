import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { getVen, updateVen, Ven } from '../../clients/illumio/workloads';
import { STRING, list } from '../../provider/cty/types';
import { Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_ven: the properties of a VEN (`/orgs/:org/vens/:id`) that 20.1 `vens_put` lets
 * one change: name, description, target PCE and status (active or suspended). A VEN comes into
 * being when a host pairs, never through the API, so this resource adopts one by href:
 *
 * - create applies the attributes the configuration sets; unset ones keep the PCE's values;
 * - delete leaves the VEN as it is, with a warning (unpairing is not a Terraform destroy);
 * - a VEN that disappeared (unpaired) is planned for adoption again, which fails until it returns.
 */
export interface VenModel {
  href: string;
  name: string | null;
  description: string | null;
  target_pce_fqdn: string | null;
  status: string | null;
  hostname: string | null;
  version: string | null;
  active_pce_fqdn: string | null;
  workloads: string[] | null;
}

const VEN_HREF = /^\/orgs\/[^/]+\/vens\/[^/]+$/;

export const ven = defineResource<IllumioClient, VenModel>({
  typeName: 'secops_illumio_ven',
  importId: illumioHref('vens/:id'),
  schema: {
    description: 'Adopts an Illumio VEN by href and manages its name, description, target PCE and status (active or suspended). Destroy leaves the VEN as it is.',
    attributes: {
      href: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Href of the VEN to adopt, e.g. `/orgs/1/vens/<id>`. Import with `terraform import <address> <href>`.',
        validators: [validators.custom('a VEN href', (value) => (VEN_HREF.test(value as string) ? undefined : `must be a VEN href (/orgs/:org/vens/:id), got "${String(value)}"`))],
      },
      name: { type: STRING, optional: true, computed: true, description: 'Friendly name of the VEN. Unset: kept as it is.' },
      description: { type: STRING, optional: true, computed: true, description: 'Description of the VEN. Unset: kept as it is.' },
      target_pce_fqdn: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'FQDN of the PCE cluster the VEN should move to (a Supercluster member). Unset: kept as it is.',
      },
      status: {
        type: STRING,
        optional: true,
        computed: true,
        description: '`active`, or `suspended` to take the VEN\'s firewall out of policy enforcement. Unset: kept as it is.',
        validators: [validators.oneOf(['active', 'suspended'])],
      },
      hostname: { type: STRING, computed: true, description: 'Hostname the VEN reports.' },
      version: { type: STRING, computed: true, description: 'VEN software release.' },
      active_pce_fqdn: { type: STRING, computed: true, description: 'FQDN of the PCE the VEN talks to now.' },
      workloads: { type: list(STRING), computed: true, description: 'Hrefs of the workloads the VEN manages.' },
    },
  },

  async create(ctx, planned) {
    if (!await getVen(ctx.client, planned.href, ctx.signal)) throw new Error(`The PCE has no VEN ${planned.href}: pair the host first`);
    return apply(ctx, planned);
  },

  async read(ctx, current) {
    const found = await getVen(ctx.client, current.href, ctx.signal);
    return found ? venFromPce(found) : undefined;
  },

  async update(ctx, planned) {
    return apply(ctx, planned);
  },

  async delete(ctx, current) {
    ctx.warn(
      'The VEN was left as it is',
      `${current.href} keeps its name, description, target PCE and status and is no longer managed by this configuration.`,
    );
  },

  async importState(_ctx, href) {
    return { href };
  },
});

const isSet = <T>(value: T | null | Unknown): value is T => value !== null && value !== undefined && !(value instanceof Unknown);

async function apply(ctx: HandlerContext<IllumioClient>, planned: VenModel): Promise<VenModel> {
  const body: Record<string, unknown> = {};
  for (const name of ['name', 'description', 'target_pce_fqdn', 'status'] as const) {
    if (isSet(planned[name])) body[name] = planned[name];
  }
  if (Object.keys(body).length > 0) await updateVen(ctx.client, planned.href, body, ctx.signal);
  const found = await getVen(ctx.client, planned.href, ctx.signal);
  if (!found) throw new Error(`The PCE no longer returns VEN ${planned.href}`);
  return venFromPce(found);
}

export function venFromPce(pce: Ven): VenModel {
  return {
    href: pce.href,
    name: pce.name ?? null,
    description: pce.description ?? null,
    target_pce_fqdn: pce.target_pce_fqdn ?? null,
    status: pce.status ?? null,
    hostname: pce.hostname ?? null,
    version: pce.version ?? null,
    active_pce_fqdn: pce.active_pce_fqdn ?? null,
    workloads: (pce.workloads ?? []).map((workload) => workload.href),
  };
}
