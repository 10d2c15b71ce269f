import { named, target } from './policy-objects';
import { ResourceView, RuleContext, Value, Values } from '../../model';
import { knownList, knownNumber, knownObject, knownString } from '../../values';

/**
 * Readable identification of Illumio objects in the plan review: a label as `env=prod`, a rule
 * as "who → whom on what" (`IP list "office" → label role=web on service "https"`).
 */
export function describeIllumio(view: ResourceView, values: Values, context: RuleContext): string | undefined {
  if (view.type === 'secops_illumio_label') {
    const [key, value] = [knownString(values.key), knownString(values.value)];
    return key && value ? `${key}=${value}` : undefined;
  }
  if (view.type === 'secops_illumio_security_rule') {
    const description = knownString(values.description);
    const flow = `${actors(values.consumers, context, values)} → ${actors(values.providers, context)} on ${services(values.ingress_services, context)}`;
    return description ? `"${description}": ${flow}` : flow;
  }
  return undefined;
}

const ACTOR_KINDS = [
  ['label', 'secops_illumio_label', 'label'],
  ['label_group', 'secops_illumio_label_group', 'label group'],
  ['ip_list', 'secops_illumio_ip_list', 'IP list'],
  ['workload', 'secops_illumio_workload', 'workload'],
  ['virtual_service', 'secops_illumio_virtual_service', 'virtual service'],
] as const;

function actors(list: Value, context: RuleContext, rule?: Values): string {
  const items = knownList(list);
  if (!items) return '(known at apply)';
  const unscoped = rule && rule.unscoped_consumers === true ? ' of every scope' : '';
  return items.map(item => {
    const actor = knownObject(item);
    if (!actor) return '?';
    const all = knownString(actor.actors);
    if (all) return all === 'ams' ? `all workloads${unscoped}` : 'all container hosts';
    for (const [attribute, type, what] of ACTOR_KINDS) {
      if (actor[attribute] === null || actor[attribute] === undefined) continue;
      const found = target(context, actor[attribute], type);
      return found ? named(found, what) : `a ${what}`;
    }
    return '?';
  }).join(', ');
}

function services(list: Value, context: RuleContext): string {
  const items = knownList(list);
  if (!items) return '(known at apply)';
  if (items.length === 0) return 'no service';
  return items.map(item => {
    const entry = knownObject(item);
    if (!entry) return '?';
    if (knownString(entry.href) !== null) {
      const found = target(context, entry.href, 'secops_illumio_service');
      return found ? named(found, 'service') : 'a service';
    }
    const [proto, port, toPort] = [knownNumber(entry.proto), knownNumber(entry.port), knownNumber(entry.to_port)];
    const protocol = proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : `protocol ${proto ?? '?'}`;
    if (port === null) return `every ${protocol} port`;
    return `${protocol} ${port ?? '?'}${typeof toPort === 'number' ? `-${toPort}` : ''}`;
  }).join(', ');
}
