import { configuredBody, deleteAndProvision, readDraft, updateDraftAndRead } from './draft';
import { illumioHref } from './import-id';
import { optionalText } from './ip-list';
import { IllumioClient } from '../../clients/illumio/client';
import { PceNumbers, PceService } from '../../clients/illumio/policy-objects';
import { builtInPolicyObject } from '../../illumio/policy';
import { NUMBER, STRING } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { defineResource, Problem } from '../../provider/definitions';
import { Validator } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_service: a service of the draft policy (`/orgs/:org/sec_policy/draft/services`):
 * ports and port ranges by protocol, ICMP types, Windows services. Names may repeat (20.1:
 * "does not need to be unique"). Creates and updates stay in draft until `secops_illumio_provision`
 * provisions them; a delete provisions itself.
 */
export interface ServicePortModel {
  proto: number;
  port: number | null;
  to_port: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
}

export interface WindowsServiceModel {
  service_name: string | null;
  process_name: string | null;
  port: number | null;
  to_port: number | null;
  proto: number | null;
  icmp_type: number | null;
  icmp_code: number | null;
}

export interface ServiceModel {
  href: string | null;
  name: string;
  description: string | null;
  process_name: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  service_ports: ServicePortModel[] | null;
  windows_services: WindowsServiceModel[] | null;
  created_at: string | null;
  updated_at: string | null;
}

/** An integer from min to max (cty numbers arrive as number, bigint or Decimal). */
function integerIn(attribute: string, min: number, max: number): Validator {
  return validators.custom(`an integer from ${min} to ${max}`, (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `${attribute} must be an integer from ${min} to ${max}, got ${String(value)}`);
}

const PORT_ATTRIBUTES = {
  port: {
    type: NUMBER,
    optional: true,
    description: 'Port (0-65535), or the low end of a range with `to_port`. Without it, a protocol that has ports means any port.',
    validators: [integerIn('port', 0, 65535)],
  },
  to_port: {
    type: NUMBER,
    optional: true,
    description: 'The high end of a port range, inclusive (at least `port`). Leave unset for a single port.',
    validators: [integerIn('to_port', 0, 65535)],
  },
  icmp_type: { type: NUMBER, optional: true, description: 'ICMP type (0-255), for ICMP.', validators: [integerIn('icmp_type', 0, 255)] },
  icmp_code: { type: NUMBER, optional: true, description: 'ICMP code (0-15), for ICMP.', validators: [integerIn('icmp_code', 0, 15)] },
};

export const service = defineResource<IllumioClient, ServiceModel>({
  typeName: 'secops_illumio_service',
  importId: illumioHref('sec_policy/draft/services/:id', { policy: true }),
  schema: {
    description: 'An Illumio service (draft policy): ports and ranges by protocol, and Windows services. Names may repeat. '
      + 'Changes are enforced once provisioned by `secops_illumio_provision`; a delete provisions itself.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The service\'s draft href, e.g. `/orgs/1/sec_policy/draft/services/7`. Import with `terraform import <address> <href>`.',
      },
      name: { type: STRING, required: true, description: 'Name (need not be unique).', validators: [validators.notEmpty()] },
      description: { type: STRING, optional: true, description: 'Description.' },
      process_name: { type: STRING, optional: true, description: 'The process name.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this service, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The service\'s ID in that external system.' },
      created_at: { type: STRING, computed: true, description: 'When the service was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the service was last changed in draft (RFC 3339).' },
    },
    blocks: {
      service_ports: {
        nesting: 'list',
        block: {
          description: 'A port, port range or ICMP type of one protocol.',
          attributes: {
            proto: {
              type: NUMBER,
              required: true,
              description: 'IANA protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6.',
              validators: [integerIn('proto', 0, 255)],
            },
            ...PORT_ATTRIBUTES,
          },
        },
      },
      windows_services: {
        nesting: 'list',
        block: {
          description: 'A Windows service, by service or process name, optionally with ports.',
          attributes: {
            service_name: { type: STRING, optional: true, description: 'Name of the Windows service.' },
            process_name: { type: STRING, optional: true, description: 'Name of the running process.' },
            proto: { type: NUMBER, optional: true, description: 'IANA protocol number: 6 TCP, 17 UDP, 1 ICMP.', validators: [integerIn('proto', 0, 255)] },
            ...PORT_ATTRIBUTES,
          },
        },
      },
    },
  },

  validate(config) {
    return [
      ...portRangeProblems(config.service_ports, 'service_ports'),
      ...portRangeProblems(config.windows_services, 'windows_services'),
    ];
  },

  async create(ctx, planned) {
    const created = await ctx.client.createDraft<PceService>('services', {
      name: planned.name,
      ...withoutNulls({
        description: planned.description,
        process_name: planned.process_name,
        external_data_set: planned.external_data_set,
        external_data_reference: planned.external_data_reference,
      }),
      service_ports: toPcePorts(planned.service_ports),
      windows_services: toPceWindowsServices(planned.windows_services),
    }, ctx.signal);
    return serviceFromPce(created, planned);
  },

  async read(ctx, current) {
    const found = await readDraft<PceService>(ctx, current.href!);
    return found ? serviceFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    // PUT changes only the properties sent: send what the configuration sets or stopped setting.
    const body = configuredBody({
      name: planned.name,
      description: planned.description ?? '',
      process_name: planned.process_name ?? '',
      external_data_set: planned.external_data_set,
      external_data_reference: planned.external_data_reference,
      service_ports: toPcePorts(planned.service_ports),
      windows_services: toPceWindowsServices(planned.windows_services),
    }, planned, prior);
    const updated = await updateDraftAndRead<PceService>(ctx, prior.href!, body, 'service');
    return serviceFromPce(updated, planned);
  },

  async delete(ctx, current) {
    await deleteAndProvision(ctx, 'services', current.href!);
  },

  builtIn: async (_ctx, current) => builtInPolicyObject('services', current.name),

  async importState(_ctx, href) {
    return { href };
  },
});

/** to_port needs port and is at least port (known values only; unknowns are checked at apply by the PCE). */
function portRangeProblems(entries: unknown, block: string): Problem[] {
  if (!Array.isArray(entries)) return [];
  const problems: Problem[] = [];
  entries.forEach((entry: unknown, index) => {
    if (entry === null || typeof entry !== 'object' || entry instanceof Unknown) return;
    const { port, to_port: toPort } = entry as { port?: CtyValue; to_port?: CtyValue };
    if (typeof toPort !== 'number') return;
    const path = [block, index, 'to_port'];
    if (port === null || port === undefined) {
      problems.push({ path, summary: `Invalid value for "${path.join('.')}"`, detail: 'to_port is the high end of a range and needs port, its low end' });
    } else if (typeof port === 'number' && toPort < port) {
      problems.push({ path, summary: `Invalid value for "${path.join('.')}"`, detail: `to_port (${toPort}) must be at least port (${port})` });
    }
  });
  return problems;
}

function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

function numbers(entry: Partial<Record<keyof PceNumbers, number | null>>): Record<string, unknown> {
  return withoutNulls({
    proto: entry.proto ?? null,
    port: entry.port ?? null,
    to_port: entry.to_port ?? null,
    icmp_type: entry.icmp_type ?? null,
    icmp_code: entry.icmp_code ?? null,
  });
}

function toPcePorts(ports: readonly ServicePortModel[] | null): Record<string, unknown>[] {
  return (ports ?? []).map((port) => numbers(port));
}

function toPceWindowsServices(services: readonly WindowsServiceModel[] | null): Record<string, unknown>[] {
  return (services ?? []).map((entry) => ({
    ...withoutNulls({ service_name: entry.service_name, process_name: entry.process_name }),
    ...numbers(entry),
  }));
}

/**
 * The model of a service as the PCE returns it. `written` is what the user wrote (the plan, or the
 * prior state): an unset text stays unset when the PCE answers an empty one.
 */
export function serviceFromPce(pce: PceService, written?: ServiceModel): ServiceModel {
  const writtenWindows = written?.windows_services ?? [];
  return {
    href: pce.href,
    name: pce.name ?? '',
    description: optionalText(pce.description, written?.description),
    process_name: optionalText(pce.process_name, written?.process_name),
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    service_ports: (pce.service_ports ?? []).map((port) => ({
      proto: port.proto ?? 0,
      port: port.port ?? null,
      to_port: port.to_port ?? null,
      icmp_type: port.icmp_type ?? null,
      icmp_code: port.icmp_code ?? null,
    })),
    windows_services: (pce.windows_services ?? []).map((entry, index) => ({
      service_name: optionalText(entry.service_name, writtenWindows[index]?.service_name),
      process_name: optionalText(entry.process_name, writtenWindows[index]?.process_name),
      port: entry.port ?? null,
      to_port: entry.to_port ?? null,
      proto: entry.proto ?? null,
      icmp_type: entry.icmp_type ?? null,
      icmp_code: entry.icmp_code ?? null,
    })),
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
