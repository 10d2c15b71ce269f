import { configuredBody, deleteAndProvision, readDraft, updateDraftAndRead } from './draft';
import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { PceIpList } from '../../clients/illumio/policy-objects';
import { isIpOrCidr, sameIp } from '../../illumio/ip';
import { builtInPolicyObject } from '../../illumio/policy';
import { BOOL, STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { Validator } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_ip_list: an IP list of the draft policy (`/orgs/:org/sec_policy/draft/ip_lists`):
 * IP addresses, ranges and CIDRs (some of them exclusions) and FQDNs that rules refer to. Names are
 * unique. Creates and updates stay in draft until `secops_illumio_provision` provisions them;
 * a delete provisions itself.
 *
 * The PCE stores a CIDR by its network address (`10.0.0.1/24` becomes `10.0.0.0/24`). State keeps
 * the form the user wrote whenever the PCE's value is its normalisation, so plans show no
 * endless diff; a real change (someone else edits the range) still shows.
 */
export interface IpRangeModel {
  from_ip: string;
  to_ip: string | null;
  description: string | null;
  exclusion: boolean | null;
}

export interface FqdnModel {
  fqdn: string;
  description: string | null;
}

export interface IpListModel {
  href: string | null;
  name: string;
  description: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  ip_ranges: IpRangeModel[] | null;
  fqdns: FqdnModel[] | null;
  created_at: string | null;
  updated_at: string | null;
}

function ipOrCidr(attribute: string): Validator {
  return validators.custom('an IPv4 or IPv6 address or CIDR', (value) => isIpOrCidr(value as string)
    ? undefined
    : `${attribute} must be an IPv4 or IPv6 address or CIDR (e.g. 10.0.0.0/24, 10.1.2.3 or 2001:db8::/32), got "${String(value)}"`);
}

export const ipList = defineResource<IllumioClient, IpListModel>({
  typeName: 'secops_illumio_ip_list',
  importId: illumioHref('sec_policy/draft/ip_lists/:id', { policy: true }),
  schema: {
    description: 'An Illumio IP list (draft policy): addresses, ranges, CIDRs and FQDNs. Names are unique in the org. '
      + 'Changes are enforced once provisioned by `secops_illumio_provision`; a delete provisions itself.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The IP list\'s draft href, e.g. `/orgs/1/sec_policy/draft/ip_lists/5`. Import with `terraform import <address> <href>`.',
      },
      name: { type: STRING, required: true, description: 'Name, unique among IP lists.', validators: [validators.notEmpty()] },
      description: { type: STRING, optional: true, description: 'Description.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this IP list, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The IP list\'s ID in that external system.' },
      created_at: { type: STRING, computed: true, description: 'When the IP list was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the IP list was last changed in draft (RFC 3339).' },
    },
    blocks: {
      ip_ranges: {
        nesting: 'list',
        block: {
          description: 'An IP address, CIDR or range (`from_ip` to `to_ip`).',
          attributes: {
            from_ip: {
              type: STRING,
              required: true,
              description: 'An IP address or CIDR, or the low end of a range. The PCE stores a CIDR by its network address; the form written here is kept.',
              validators: [ipOrCidr('from_ip')],
            },
            to_ip: { type: STRING, optional: true, description: 'The high end of a range.', validators: [ipOrCidr('to_ip')] },
            description: { type: STRING, optional: true, description: 'Description of the range.' },
            exclusion: {
              type: BOOL,
              default: false,
              description: 'Whether the range is excluded from the list (exclusions must lie within the list\'s other ranges). Default false.',
            },
          },
        },
      },
      fqdns: {
        nesting: 'list',
        block: {
          description: 'A fully qualified domain name.',
          attributes: {
            fqdn: { type: STRING, required: true, description: 'The FQDN, e.g. `app.example.com`.', validators: [validators.notEmpty()] },
            description: { type: STRING, optional: true, description: 'Description of the FQDN.' },
          },
        },
      },
    },
  },

  async create(ctx, planned) {
    const created = await ctx.client.createDraft<PceIpList>('ip_lists', {
      name: planned.name,
      ...(planned.description !== null ? { description: planned.description } : {}),
      ...(planned.external_data_set !== null ? { external_data_set: planned.external_data_set } : {}),
      ...(planned.external_data_reference !== null ? { external_data_reference: planned.external_data_reference } : {}),
      ip_ranges: toPceRanges(planned.ip_ranges),
      fqdns: toPceFqdns(planned.fqdns),
    }, ctx.signal);
    return ipListFromPce(created, planned);
  },

  async read(ctx, current) {
    const found = await readDraft<PceIpList>(ctx, current.href!);
    return found ? ipListFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    // PUT changes only the properties sent: send what the configuration sets or stopped setting.
    const updated = await updateDraftAndRead<PceIpList>(ctx, prior.href!, configuredBody({
      name: planned.name,
      description: planned.description ?? '',
      external_data_set: planned.external_data_set,
      external_data_reference: planned.external_data_reference,
      ip_ranges: toPceRanges(planned.ip_ranges),
      fqdns: toPceFqdns(planned.fqdns),
    }, planned, prior), 'IP list');
    return ipListFromPce(updated, planned);
  },

  async delete(ctx, current) {
    await deleteAndProvision(ctx, 'ip_lists', current.href!);
  },

  builtIn: async (_ctx, current) => builtInPolicyObject('ip_lists', current.name),

  async importState(_ctx, href) {
    return { href };
  },
});

function toPceRanges(ranges: readonly IpRangeModel[] | null): Record<string, unknown>[] {
  return (ranges ?? []).map((range) => ({
    from_ip: range.from_ip,
    ...(range.to_ip !== null ? { to_ip: range.to_ip } : {}),
    ...(range.description !== null ? { description: range.description } : {}),
    exclusion: range.exclusion ?? false,
  }));
}

function toPceFqdns(fqdns: readonly FqdnModel[] | null): Record<string, unknown>[] {
  return (fqdns ?? []).map((entry) => ({
    fqdn: entry.fqdn,
    ...(entry.description !== null ? { description: entry.description } : {}),
  }));
}

/**
 * The model of an IP list as the PCE returns it. `written` is what the user wrote (the plan, or
 * the prior state): its IP forms are kept where the PCE's value is their normalisation, and an
 * unset description stays unset when the PCE answers an empty one.
 */
export function ipListFromPce(pce: PceIpList, written?: IpListModel): IpListModel {
  const writtenRanges = written?.ip_ranges ?? [];
  const writtenFqdns = written?.fqdns ?? [];
  return {
    href: pce.href,
    name: pce.name ?? '',
    description: optionalText(pce.description, written?.description),
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    ip_ranges: (pce.ip_ranges ?? []).map((range, index) => {
      const mine = writtenRanges[index];
      return {
        from_ip: keepWrittenIp(range.from_ip ?? '', mine?.from_ip),
        to_ip: range.to_ip === undefined || range.to_ip === null || range.to_ip === '' ? null : keepWrittenIp(range.to_ip, mine?.to_ip),
        description: optionalText(range.description, mine?.description),
        exclusion: range.exclusion ?? false,
      };
    }),
    fqdns: (pce.fqdns ?? []).map((entry, index) => ({
      fqdn: entry.fqdn ?? '',
      description: optionalText(entry.description, writtenFqdns[index]?.description),
    })),
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}

/** The user's form when the PCE's value is its normalisation, else the PCE's value. */
export function keepWrittenIp(pce: string, written: string | null | undefined): string {
  return typeof written === 'string' && sameIp(written, pce) ? written : pce;
}

/** The PCE's text, but null where the user set none and the PCE answers empty. */
export function optionalText(pce: string | null | undefined, written: string | null | undefined): string | null {
  if (pce === undefined || pce === null) return null;
  return pce === '' && (written === null || written === undefined) ? null : pce;
}
