import { ALL_SERVICES_NAME, ANY_IP_LIST_NAME } from '../../../illumio/policy';
import { ResourceView, RuleContext, Value, Values } from '../../model';
import { knownBool, knownList, knownNumber, knownObject, knownString } from '../../values';

export { ALL_SERVICES_NAME, ANY_IP_LIST_NAME };

/**
 * What the Illumio rules ask about the objects a rule or scope points at. Each answer is known,
 * or undefined when the target is outside the stack/plan or not known yet (no finding then).
 */


const PORT_PROTOCOLS: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP' };

/** The view a value points at, when it is of one of the types (resource or data source). */
export function target(context: RuleContext, value: Value, type: string): ResourceView | undefined {
  const found = context.resolve(value);
  return found?.type === type ? found : undefined;
}

/** The values of a resolved view (after the change, or before a destroy). */
export function stateOf(view: ResourceView): Values {
  return view.values ?? view.before ?? {};
}

/** A readable name for a resolved object: `IP list "office"`. */
export function named(view: ResourceView, what: string): string {
  const values = stateOf(view);
  const sensitive = view.sensitiveAttributes ?? [];
  const name = sensitive.includes('name') ? undefined : knownString(values.name);
  if (name) return `${what} "${name}"`;
  const [key, label] = sensitive.includes('value') ? [] : [knownString(values.key), knownString(values.value)];
  if (key && label) return `${what} ${key}=${label}`;
  return `${what} ${view.address.slice(view.address.indexOf(view.type) + view.type.length + 1)}`;
}

/** Whether a CIDR/address range covers the whole IPv4 or IPv6 space. */
function coversEverything(range: Values): boolean {
  if (knownBool(range.exclusion) === true) return false;
  const from = knownString(range.from_ip);
  const to = knownString(range.to_ip);
  if (!from) return false;
  if (/\/0$/.test(from.trim())) return true;
  return (from === '0.0.0.0' && to === '255.255.255.255') || (from === '::' && /^ffff(:ffff){7}$/i.test(to ?? ''));
}

/** Whether the IP list (resource or data source) holds every address: 0.0.0.0/0, ::/0, or the PCE's "Any" list. */
export function isAnyIpList(view: ResourceView): boolean | undefined {
  const values = stateOf(view);
  if (view.mode === 'data' && knownString(values.name) === ANY_IP_LIST_NAME) return true;
  const ranges = knownList(values.ip_ranges);
  if (!ranges) return undefined;
  return ranges.some(range => {
    const object = knownObject(range);
    return object !== undefined && coversEverything(object);
  });
}

/** "every TCP port", "every protocol and port", … when the port entry opens a whole protocol. */
function wholeProtocol(entry: Values): string | undefined {
  const proto = knownNumber(entry.proto);
  const port = knownNumber(entry.port);
  const toPort = knownNumber(entry.to_port);
  if (proto === -1) return 'every protocol and port';
  if (typeof proto !== 'number' || !(proto in PORT_PROTOCOLS)) return undefined;
  if (port === null || (port === 0 && toPort === 65535) || (port === 1 && toPort === 65535)) return `every ${PORT_PROTOCOLS[proto]} port`;
  return undefined;
}

/** The (protocol, port range) pairs an ingress entry opens, when known: from the entry itself or from the service it names. */
export function portRanges(entry: Values, context: RuleContext): { proto: number; from: number; to: number }[] | undefined {
  const ports = servicePorts(entry, context);
  if (!ports) return undefined;
  const ranges: { proto: number; from: number; to: number }[] = [];
  for (const port of ports) {
    const [proto, from, to] = [knownNumber(port.proto), knownNumber(port.port), knownNumber(port.to_port)];
    if (typeof proto !== 'number' || from === undefined || to === undefined) return undefined;
    ranges.push({ proto, from: from ?? 0, to: from === null ? 65535 : to ?? from });
  }
  return ranges;
}

/** The port entries behind an ingress entry: itself when it gives a protocol, else the referenced service's. */
function servicePorts(entry: Values, context: RuleContext): Values[] | undefined {
  if (knownString(entry.href) === null) return [entry];
  const service = target(context, entry.href, 'secops_illumio_service');
  if (!service) return undefined;
  const list = knownList(stateOf(service).service_ports);
  const objects = list?.map(knownObject);
  return objects?.every((o): o is Values => o !== undefined) ? objects : undefined;
}

/** Why the ingress services open everything ("every TCP port"), or undefined when they do not (or it is not known). */
export function allServices(ingress: Value, context: RuleContext): string | undefined {
  for (const item of knownList(ingress) ?? []) {
    const entry = knownObject(item);
    if (!entry) continue;
    if (knownString(entry.href) === null) {
      const whole = wholeProtocol(entry);
      if (whole) return whole;
      continue;
    }
    const service = target(context, entry.href, 'secops_illumio_service');
    if (!service) continue;
    if (service.mode === 'data' && knownString(stateOf(service).name) === ALL_SERVICES_NAME) return `${named(service, 'service')}`;
    for (const port of knownList(stateOf(service).service_ports) ?? []) {
      const object = knownObject(port);
      const whole = object && wholeProtocol(object);
      if (whole) return `${whole} (${named(service, 'service')})`;
    }
  }
  return undefined;
}

/** Consumers that are "anyone": an IP list of every address, or every workload of every scope. */
export function anyConsumers(rule: Values, context: RuleContext): string[] {
  const found: string[] = [];
  for (const item of knownList(rule.consumers) ?? []) {
    const consumer = knownObject(item);
    if (!consumer) continue;
    const list = target(context, consumer.ip_list, 'secops_illumio_ip_list');
    if (list && isAnyIpList(list)) found.push(`${named(list, 'IP list')} (every address)`);
    if (knownString(consumer.actors) === 'ams' && knownBool(rule.unscoped_consumers) === true) {
      found.push('all workloads of every scope (unscoped "All Workloads")');
    }
  }
  return found;
}
