import { configuredBody, deleteAndProvision, readDraft, updateDraftAndRead } from './draft';
import { illumioHref } from './import-id';
import { keepWrittenIp, optionalText } from './ip-list';
import { IllumioClient } from '../../clients/illumio/client';
import { PceVirtualService } from '../../clients/illumio/policy-objects';
import { isIpOrCidr, sameIp } from '../../illumio/ip';
import { NUMBER, STRING, set } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { defineResource, Problem } from '../../provider/definitions';
import { Validator } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_virtual_service: a virtual service of the draft policy
 * (`/orgs/:org/sec_policy/draft/virtual_services/:uuid`): a service (a service href, or its own
 * ports) offered at addresses, which workloads bound to it provide. Rules name it as a provider or
 * consumer. Creates and updates stay in draft until `secops_illumio_provision` provisions them;
 * a delete provisions itself. 20.1 leaves the response body out; the fields are those of the
 * request body (`sec_policy_virtual_services_post`) plus href and timestamps.
 */
export interface VirtualServicePortModel {
  proto: number;
  port: number | null;
  to_port: number | null;
}

export interface ServiceAddressModel {
  ip: string | null;
  network: string | null;
  fqdn: string | null;
  description: string | null;
  port: number | null;
}

export interface VirtualServiceModel {
  href: string | null;
  name: string;
  description: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  labels: string[] | null;
  service: string | null;
  service_ports: VirtualServicePortModel[] | null;
  apply_to: string | null;
  ip_overrides: string[] | null;
  service_addresses: ServiceAddressModel[] | null;
  created_at: string | null;
  updated_at: string | null;
}

/** 20.1 "Enumerated Values" of apply_to. */
export const APPLY_TO = ['host_only', 'internal_bridge_network'];

function integerIn(attribute: string, min: number, max: number): Validator {
  return validators.custom(`an integer from ${min} to ${max}`, (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `${attribute} must be an integer from ${min} to ${max}, got ${String(value)}`);
}

const ipOrCidr = validators.custom('an IPv4 or IPv6 address or CIDR', (value) => isIpOrCidr(value as string)
  ? undefined
  : `must be an IPv4 or IPv6 address or CIDR, got "${String(value)}"`);

const eachIpOrCidr = validators.custom('IPv4 or IPv6 addresses or CIDRs', (value) => {
  const bad = (value as CtyValue[]).filter((item) => typeof item === 'string' && !isIpOrCidr(item));
  return bad.length === 0 ? undefined : `must be IPv4 or IPv6 addresses or CIDRs, got ${bad.map((item) => JSON.stringify(item)).join(', ')}`;
});

export const virtualService = defineResource<IllumioClient, VirtualServiceModel>({
  typeName: 'secops_illumio_virtual_service',
  importId: illumioHref('sec_policy/draft/virtual_services/:id', { policy: true }),
  schema: {
    description: 'An Illumio virtual service (draft policy): a service offered at addresses, provided by the workloads bound to it. '
      + 'Rules name it as a provider or consumer. Changes are enforced once provisioned by `secops_illumio_provision`; a delete provisions itself.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The virtual service\'s draft href (its id is a UUID), e.g. `/orgs/1/sec_policy/draft/virtual_services/6f0c…`. Import with `terraform import <address> <href>`.',
      },
      name: { type: STRING, required: true, description: 'Name.', validators: [validators.notEmpty(), validators.maxLength(255)] },
      description: { type: STRING, optional: true, description: 'Description.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this virtual service, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The virtual service\'s ID in that external system.' },
      labels: { type: set(STRING), optional: true, default: [], description: 'Hrefs of the labels assigned to the virtual service.' },
      service: {
        type: STRING,
        optional: true,
        description: 'Href of the service it offers; or give `service_ports` instead.',
        validators: [validators.notEmpty()],
      },
      apply_to: {
        type: STRING,
        optional: true,
        default: 'host_only',
        description: 'Firewall rule target for workloads bound to it: `host_only` (default) or `internal_bridge_network`.',
        validators: [validators.oneOf(APPLY_TO)],
      },
      ip_overrides: {
        type: set(STRING),
        optional: true,
        default: [],
        description: 'IP addresses or CIDRs that override the addresses of the bound workloads. A CIDR the PCE normalises keeps its written form.',
        validators: [eachIpOrCidr],
      },
      created_at: { type: STRING, computed: true, description: 'When the virtual service was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the virtual service was last changed in draft (RFC 3339).' },
    },
    blocks: {
      service_ports: {
        nesting: 'list',
        block: {
          description: 'A port or port range of one protocol that the virtual service offers (instead of `service`).',
          attributes: {
            proto: { type: NUMBER, required: true, description: 'IANA protocol number: 6 TCP, 17 UDP.', validators: [integerIn('proto', 0, 255)] },
            port: { type: NUMBER, optional: true, description: 'Port, or the low end of a range with `to_port`; -1 for any port.', validators: [integerIn('port', -1, 65535)] },
            to_port: { type: NUMBER, optional: true, description: 'The high end of a port range, inclusive. Leave unset for a single port.', validators: [integerIn('to_port', 0, 65535)] },
          },
        },
      },
      service_addresses: {
        nesting: 'list',
        block: {
          description: 'An address the virtual service answers at: an `ip` (with optional `network` and `port`) or an `fqdn` (with optional `description` and `port`).',
          attributes: {
            ip: { type: STRING, optional: true, description: 'IP address.', validators: [ipOrCidr] },
            network: { type: STRING, optional: true, description: 'Href of the network of `ip`.', validators: [validators.notEmpty()] },
            fqdn: { type: STRING, optional: true, description: 'Fully qualified domain name.', validators: [validators.notEmpty()] },
            description: { type: STRING, optional: true, description: 'Description of the FQDN.' },
            port: { type: NUMBER, optional: true, description: 'Port of the service at this address.', validators: [integerIn('port', 0, 65535)] },
          },
        },
      },
    },
  },

  validate(config) {
    return [...offerProblems(config), ...portProblems(config.service_ports), ...addressProblems(config.service_addresses)];
  },

  async create(ctx, planned) {
    const created = await ctx.client.createDraft<PceVirtualService>('virtual_services', withoutNulls({
      ...body(planned),
      description: planned.description,
      external_data_set: planned.external_data_set,
      external_data_reference: planned.external_data_reference,
      service: planned.service === null ? null : { href: planned.service },
    }), ctx.signal);
    return virtualServiceFromPce(created, planned);
  },

  async read(ctx, current) {
    const found = await readDraft<PceVirtualService>(ctx, current.href!);
    return found ? virtualServiceFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    // PUT changes only the properties sent: send what the configuration sets or stopped setting.
    const updated = await updateDraftAndRead<PceVirtualService>(ctx, prior.href!, configuredBody({
      ...body(planned),
      description: planned.description ?? '',
      external_data_set: planned.external_data_set,
      external_data_reference: planned.external_data_reference,
      service: planned.service === null ? null : { href: planned.service },
    }, planned, prior), 'virtual service');
    return virtualServiceFromPce(updated, planned);
  },

  async delete(ctx, current) {
    await deleteAndProvision(ctx, 'virtual_services', current.href!);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/** A virtual service offers either a service or its own ports (the PCE takes one of them). */
function offerProblems(config: VirtualServiceModel): Problem[] {
  const ports = config.service_ports;
  if (config.service !== null && Array.isArray(ports) && ports.length > 0) {
    return [{ path: ['service'], summary: 'Conflicting arguments', detail: 'give either service or service_ports blocks, not both' }];
  }
  return [];
}

function portProblems(ports: VirtualServicePortModel[] | null): Problem[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry, index) => {
    if (entry === null || entry instanceof Unknown || typeof entry.to_port !== 'number') return [];
    const path = ['service_ports', index, 'to_port'];
    if (entry.port === null) return [{ path, summary: 'Invalid service_ports entry', detail: 'to_port is the high end of a range and needs port, its low end' }];
    return typeof entry.port === 'number' && entry.to_port < entry.port
      ? [{ path, summary: 'Invalid service_ports entry', detail: `to_port (${entry.to_port}) must be at least port (${entry.port})` }]
      : [];
  });
}

function addressProblems(addresses: ServiceAddressModel[] | null): Problem[] {
  if (!Array.isArray(addresses)) return [];
  const problems: Problem[] = [];
  addresses.forEach((address, index) => {
    if (address === null || address instanceof Unknown) return;
    const path = ['service_addresses', index];
    const problem = (detail: string): void => void problems.push({ path, summary: 'Invalid service_addresses entry', detail });
    if ((address.ip === null) === (address.fqdn === null)) problem('give exactly one of ip and fqdn');
    if (address.network !== null && address.ip === null) problem('network goes with ip');
    if (address.description !== null && address.fqdn === null) problem('description goes with fqdn');
  });
  return problems;
}

/** What create and update both send. */
function body(model: VirtualServiceModel): Record<string, unknown> {
  return {
    name: model.name,
    labels: (model.labels ?? []).map((href) => ({ href })),
    service_ports: (model.service_ports ?? []).map((entry) => withoutNulls({
      proto: num(entry.proto),
      port: num(entry.port),
      to_port: num(entry.to_port),
    })),
    apply_to: model.apply_to ?? 'host_only',
    ip_overrides: model.ip_overrides ?? [],
    service_addresses: (model.service_addresses ?? []).map((address) => withoutNulls({
      ip: address.ip,
      network: address.network === null ? null : { href: address.network },
      fqdn: address.fqdn,
      description: address.description,
      port: num(address.port),
    })),
  };
}

/** A cty number (number, bigint or Decimal) as a JS number; null stays null. */
function num(value: number | null): number | null {
  return value === null ? null : typeof value === 'number' ? value : Number(String(value));
}

function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * The model of a virtual service as the PCE returns it. `written` is what the user wrote (the
 * plan, or the prior state): IP forms the PCE normalised and unset texts are kept as written.
 */
export function virtualServiceFromPce(pce: PceVirtualService, written?: VirtualServiceModel): VirtualServiceModel {
  const writtenAddresses = written?.service_addresses ?? [];
  const writtenOverrides = written?.ip_overrides ?? [];
  return {
    href: pce.href,
    name: pce.name ?? '',
    description: optionalText(pce.description, written?.description),
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    labels: (pce.labels ?? []).map((label) => label.href),
    service: pce.service?.href ?? null,
    service_ports: (pce.service_ports ?? []).map((entry) => ({ proto: entry.proto ?? 0, port: entry.port ?? null, to_port: entry.to_port ?? null })),
    apply_to: pce.apply_to ?? 'host_only',
    ip_overrides: (pce.ip_overrides ?? []).map((ip) => keepWrittenIp(ip, writtenOverrides.find((mine) => sameIp(mine, ip)))),
    service_addresses: (pce.service_addresses ?? []).map((address, index) => ({
      ip: address.ip === undefined ? null : keepWrittenIp(address.ip, writtenAddresses[index]?.ip),
      network: address.network?.href ?? null,
      fqdn: address.fqdn ?? null,
      description: optionalText(address.description, writtenAddresses[index]?.description),
      port: address.port ?? null,
    })),
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
