import { invalidUri, validationError } from './errors';
import { normaliseIp } from './ip';
import { DRAFT_POLICY_TYPES, DraftPolicyType } from '../../illumio/policy';

export type Json = Record<string, unknown>;

/** The draft/active policy object types this simulator serves under /sec_policy/{pversion}/. */
export const POLICY_TYPES = DRAFT_POLICY_TYPES;
export type PolicyType = DraftPolicyType;

/**
 * Types whose hrefs end in a UUID rather than a number: 20.1 names label_group_id a "Label Group
 * UUID", and the PCE's virtual service hrefs carry UUIDs too (virtual_service_id is a string).
 */
export const UUID_TYPES: ReadonlySet<PolicyType> = new Set(['label_groups', 'virtual_services']);

/** Virtual servers are discovered from load balancers; 20.1 has no endpoint that writes them (see IllumioState.addVirtualServer). */
export const VIRTUAL_SERVERS = 'virtual_servers';

/** The singleton `sec_policy/{pversion}/firewall_settings` (20.1 "Firewall Settings": GET and PUT only). */
export const FIREWALL_SETTINGS = 'firewall_settings';

/** Label keys of the 20.1 document ("Enumerated Values" of labels_post). */
export const LABEL_KEYS = ['role', 'app', 'env', 'loc'] as const;

const EXTERNAL = ['external_data_set', 'external_data_reference'];

/** Writable properties per body, from the 20.1 parameter tables (the schemas reject any other). */
const WRITABLE = {
  labelCreate: ['key', 'value', ...EXTERNAL],
  labelUpdate: ['value', ...EXTERNAL],
  label_groups: ['name', 'description', 'key', 'labels', 'sub_groups', ...EXTERNAL],
  ip_lists: ['name', 'description', 'ip_ranges', 'fqdns', ...EXTERNAL],
  services: ['name', 'description', 'process_name', 'service_ports', 'windows_services', ...EXTERNAL],
  rule_sets: ['name', 'description', 'enabled', 'scopes', 'rules', 'ip_tables_rules', ...EXTERNAL],
  virtual_services: [
    'name', 'description', 'labels', 'service_ports', 'service', 'apply_to', 'ip_overrides', 'service_addresses', ...EXTERNAL,
  ],
  virtual_service_ports: ['port', 'to_port', 'proto'],
  service_addresses: ['ip', 'network', 'port', 'fqdn', 'description'],
  // 20.1 sec_policy_firewall_settings_put lists update_type among the writable properties.
  firewall_settings: ['update_type', 'static_policy_scopes', 'firewall_coexistence', 'containers_inherit_host_policy_scopes', 'blocked_connection_reject_scopes'],
  firewall_coexistence: ['scope', 'workload_mode', 'illumio_primary'],
  sec_rules: [
    'enabled', 'description', 'ingress_services', 'resolve_labels_as', 'providers', 'consumers', 'sec_connect', 'stateless',
    'machine_auth', 'consuming_security_principals', 'unscoped_consumers', ...EXTERNAL,
  ],
  ip_tables_rules: ['enabled', 'description', 'statements', 'actors', 'ip_version'],
  ip_tables_statements: ['table_name', 'chain_name', 'parameters'],
  ip_tables_actors: ['actors', 'label', 'label_group', 'workload'],
  ip_ranges: ['description', 'from_ip', 'to_ip', 'exclusion'],
  fqdns: ['fqdn', 'description'],
  provision: ['update_description', 'change_subset'],
  securityPrincipal: ['sid', 'name', 'description'],
} as const;

export type BodyKind = keyof typeof WRITABLE;

/**
 * Names that must be unique within their type in draft: 20.1 says "Name (must be unique)" for IP
 * lists and rule sets; for label groups it says only "Name of the label group" (the document is
 * silent; kept unique here as before). Services may share names ("does not need to be unique"); 20.1 says nothing of
 * virtual service names ("Name"), so they are not checked.
 */
export const UNIQUE_NAMES: ReadonlySet<PolicyType> = new Set(['label_groups', 'ip_lists', 'rule_sets']);

/** Parses a request body as a JSON object, or throws the 406 the PCE answers. */
export function parseObject(body: string): Json {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw validationError('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validationError('Request body must be a JSON object');
  }
  return parsed as Json;
}

/** Refuses properties the schema does not allow (additionalProperties: false). */
export function checkProperties(body: Json, kind: BodyKind, where: string = kind): void {
  const allowed: readonly string[] = WRITABLE[kind];
  const unknown = Object.keys(body).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw validationError(`Properties [${unknown.join(', ')}] are not allowed in ${where}`);
  }
}

export function requireString(body: Json, name: string, where: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw validationError(`${where}: ${name} is required and must be a non-empty string`);
  }
  return value;
}

function requireArray(value: unknown, name: string): Json[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || item === null)) {
    throw validationError(`${name} must be an array of objects`);
  }
  return value as Json[];
}

/** Checks a policy body for its type and returns it normalised as the PCE stores it. */
export function normalisePolicyBody(type: PolicyType, body: Json, creating: boolean): Json {
  checkProperties(body, type);
  if (creating || body.name !== undefined) {
    requireString(body, 'name', type);
  }
  switch (type) {
    case 'ip_lists':
      return normaliseIpList(body);
    case 'label_groups':
      if (creating) {
        requireString(body, 'key', type);
      }
      return body;
    case 'rule_sets':
      return normaliseRuleSet(body, creating);
    case 'services':
      return body;
    case 'virtual_services':
      return normaliseVirtualService(body, creating);
  }
}

/** apply_to of 20.1 sec_policy_virtual_services_post ("Enumerated Values"). */
const APPLY_TO = ['host_only', 'internal_bridge_network'];

function normaliseVirtualService(body: Json, creating: boolean): Json {
  if (body.apply_to !== undefined && !APPLY_TO.includes(body.apply_to as string)) {
    throw validationError(`virtual_services: apply_to must be one of ${APPLY_TO.join(', ')}`);
  }
  if (body.service_ports !== undefined) {
    requireArray(body.service_ports, 'service_ports').forEach((port) => {
      checkProperties(port, 'virtual_service_ports', 'service_ports');
      // proto is true* in 20.1; port is "0-65535 or -1 for any port".
      if (typeof port.proto !== 'number') throw validationError('service_ports: proto is required and must be an integer');
      checkPort(port.port, 'service_ports.port', -1);
      checkPort(port.to_port, 'service_ports.to_port', 0);
    });
  }
  if (body.service !== undefined && body.service !== null && (typeof body.service !== 'object' || typeof (body.service as Json).href !== 'string')) {
    throw validationError('virtual_services: service must be an object with an href');
  }
  if (body.ip_overrides !== undefined && (!Array.isArray(body.ip_overrides) || body.ip_overrides.some((ip) => typeof ip !== 'string'))) {
    throw validationError('virtual_services: ip_overrides must be an array of strings');
  }
  if (body.service_addresses !== undefined) {
    requireArray(body.service_addresses, 'service_addresses').forEach(checkServiceAddress);
  }
  // The document gives no default for apply_to; the PCE's is host_only.
  return creating ? { apply_to: 'host_only', labels: [], service_ports: [], ip_overrides: [], service_addresses: [], ...body } : body;
}

/** A service address is an `ip` (with optional network and port) or an `fqdn` (with optional description and port): the oneOf of 20.1. */
function checkServiceAddress(address: Json): void {
  checkProperties(address, 'service_addresses');
  const isIp = address.ip !== undefined;
  if (isIp === (address.fqdn !== undefined)) {
    throw validationError('service_addresses: each entry needs exactly one of ip and fqdn');
  }
  requireString(address, isIp ? 'ip' : 'fqdn', 'service_addresses');
  if (!isIp && address.network !== undefined) throw validationError('service_addresses: network goes with ip only');
  if (isIp && address.description !== undefined) throw validationError('service_addresses: description goes with fqdn only');
  checkPort(address.port, 'service_addresses.port', isIp ? 1 : 0);
}

function checkPort(value: unknown, name: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > 65535)) {
    throw validationError(`${name} must be an integer from ${min} to 65535`);
  }
}

/** Checks a firewall settings PUT body (20.1 sec_policy_firewall_settings_put). */
export function normaliseFirewallSettings(body: Json): Json {
  checkProperties(body, 'firewall_settings');
  const { update_type: _ignored, ...fields } = body;
  for (const name of ['static_policy_scopes', 'containers_inherit_host_policy_scopes', 'blocked_connection_reject_scopes']) {
    if (fields[name] !== undefined) checkScopes(fields[name], name);
  }
  const coexistence = fields.firewall_coexistence;
  if (coexistence !== undefined && coexistence !== null) {
    requireArray(coexistence, 'firewall_coexistence').forEach((entry) => {
      checkProperties(entry, 'firewall_coexistence');
      requireArray(entry.scope, 'firewall_coexistence.scope');
      if (typeof entry.illumio_primary !== 'boolean') throw validationError('firewall_coexistence: illumio_primary is required and must be a boolean');
      if (entry.workload_mode !== undefined && !['enforced', 'illuminated'].includes(entry.workload_mode as string)) {
        throw validationError('firewall_coexistence: workload_mode must be one of enforced, illuminated');
      }
    });
  }
  return fields;
}

function checkScopes(scopes: unknown, name: string): void {
  if (!Array.isArray(scopes) || scopes.some((scope) => !Array.isArray(scope))) {
    throw validationError(`${name} must be an array of arrays`);
  }
  scopes.forEach((scope: unknown[]) => requireArray(scope, name));
}

function normaliseIpList(body: Json): Json {
  const result = { ...body };
  if (body.ip_ranges !== undefined) {
    result.ip_ranges = requireArray(body.ip_ranges, 'ip_ranges').map(normaliseIpRange);
  }
  if (body.fqdns !== undefined) {
    result.fqdns = requireArray(body.fqdns, 'fqdns').map((entry) => {
      checkProperties(entry, 'fqdns');
      requireString(entry, 'fqdn', 'fqdns');
      return entry;
    });
  }
  return result;
}

function normaliseIpRange(range: Json): Json {
  checkProperties(range, 'ip_ranges');
  const result: Json = { ...range, from_ip: normaliseIp(requireString(range, 'from_ip', 'ip_ranges')) };
  if (range.to_ip !== undefined) {
    result.to_ip = normaliseIp(requireString(range, 'to_ip', 'ip_ranges'));
  }
  result.exclusion = range.exclusion ?? false;
  return result;
}

function normaliseRuleSet(body: Json, creating: boolean): Json {
  // scopes is required on create (20.1 rule_sets_post: "scopes ... true*").
  if (creating && body.scopes === undefined) {
    throw validationError('rule_sets: scopes is required');
  }
  if (body.scopes !== undefined && (!Array.isArray(body.scopes) || body.scopes.some((scope) => !Array.isArray(scope)))) {
    throw validationError('rule_sets: scopes must be an array of arrays');
  }
  if (body.rules !== undefined) {
    requireArray(body.rules, 'rules').forEach((rule) => normaliseSecRule(rule, true));
  }
  const result = { ...body };
  if (body.ip_tables_rules !== undefined) {
    result.ip_tables_rules = requireArray(body.ip_tables_rules, 'ip_tables_rules').map(normaliseIpTablesRule);
  }
  return creating ? { enabled: true, ip_tables_rules: [], ...result } : result;
}

/** Enumerated values of 20.1 rule_sets_post ip_tables_rules. */
const IP_TABLES = {
  table_name: ['nat', 'mangle', 'filter'],
  chain_name: ['PREROUTING', 'INPUT', 'OUTPUT', 'FORWARD', 'POSTROUTING'],
  ip_version: ['4', '6'],
};

/** A custom iptables rule: enabled, statements, actors and ip_version are true* in 20.1. */
function normaliseIpTablesRule(rule: Json): Json {
  checkProperties(rule, 'ip_tables_rules');
  if (typeof rule.enabled !== 'boolean') throw validationError('ip_tables_rules: enabled is required and must be a boolean');
  if (!IP_TABLES.ip_version.includes(rule.ip_version as string)) throw validationError('ip_tables_rules: ip_version must be one of 4, 6');
  requireArray(rule.statements, 'ip_tables_rules.statements').forEach((statement) => {
    checkProperties(statement, 'ip_tables_statements', 'ip_tables_rules.statements');
    for (const name of ['table_name', 'chain_name'] as const) {
      if (!IP_TABLES[name].includes(statement[name] as string)) {
        throw validationError(`ip_tables_rules.statements: ${name} must be one of ${IP_TABLES[name].join(', ')}`);
      }
    }
    requireString(statement, 'parameters', 'ip_tables_rules.statements');
  });
  requireArray(rule.actors, 'ip_tables_rules.actors').forEach((actor) => checkProperties(actor, 'ip_tables_actors', 'ip_tables_rules.actors'));
  return rule;
}

/** Checks a security rule; the fields marked true* in 20.1 sec_rules_post are required on create. */
export function normaliseSecRule(body: Json, creating: boolean): Json {
  checkProperties(body, 'sec_rules');
  const required = ['providers', 'consumers', 'ingress_services', 'resolve_labels_as'];
  const missing = creating ? required.filter((name) => body[name] === undefined) : [];
  if (missing.length > 0) {
    throw validationError(`sec_rules: [${missing.join(', ')}] required`);
  }
  for (const name of ['providers', 'consumers', 'ingress_services']) {
    if (body[name] !== undefined) {
      requireArray(body[name], name);
    }
  }
  // 20.1 lists virtual_server among the providers only.
  if (Array.isArray(body.consumers) && (body.consumers as Json[]).some((consumer) => consumer.virtual_server !== undefined)) {
    throw validationError('sec_rules: consumers cannot be virtual servers');
  }
  return creating ? { enabled: true, unscoped_consumers: false, sec_connect: false, stateless: false, machine_auth: false, ...body } : body;
}

/** Every `href` a body refers to (labels, label groups, IP lists, services, workloads…). */
export function referencedHrefs(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedHrefs(item, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'href' && typeof item === 'string') {
        found.add(item);
      } else {
        referencedHrefs(item, found);
      }
    }
  }
  return found;
}

/** Where an href points, or undefined for anything this simulator does not hold. */
export type HrefTarget =
  | { readonly kind: 'label'; readonly id: string }
  | { readonly kind: 'policy'; readonly type: PolicyType; readonly id: string }
  | { readonly kind: 'firewall_settings' }
  | { readonly kind: 'virtual_server'; readonly id: string }
  | { readonly kind: 'security_principal'; readonly id: string };

export function parseHref(org: number, href: string): HrefTarget | undefined {
  const label = new RegExp(`^/orgs/${org}/labels/(\\d+)$`).exec(href);
  if (label) {
    return { kind: 'label', id: label[1]! };
  }
  const policy = new RegExp(`^/orgs/${org}/sec_policy/(?:draft|active)/(${POLICY_TYPES.join('|')})/([0-9a-f-]+)$`).exec(href);
  if (policy) {
    return { kind: 'policy', type: policy[1] as PolicyType, id: policy[2]! };
  }
  if (new RegExp(`^/orgs/${org}/sec_policy/(?:draft|active)/${FIREWALL_SETTINGS}$`).test(href)) {
    return { kind: 'firewall_settings' };
  }
  const server = new RegExp(`^/orgs/${org}/sec_policy/(?:draft|active)/${VIRTUAL_SERVERS}/([0-9a-f-]+)$`).exec(href);
  if (server) {
    return { kind: 'virtual_server', id: server[1]! };
  }
  const principal = new RegExp(`^/orgs/${org}/security_principals/([0-9a-f-]+)$`).exec(href);
  if (principal) {
    return { kind: 'security_principal', id: principal[1]! };
  }
  return undefined;
}

/** Rewrites `active` references in a body to the draft hrefs draft objects hold. */
export function toDraftHrefs(org: number, body: Json): Json {
  const text = JSON.stringify(body).split(`"/orgs/${org}/sec_policy/active/`).join(`"/orgs/${org}/sec_policy/draft/`);
  return JSON.parse(text) as Json;
}

/** Draft hrefs inside a stored body, rendered for another policy version (`active`, `3`). */
export function inVersion(org: number, body: Json, pversion: string): Json {
  if (pversion === 'draft') {
    return body;
  }
  const text = JSON.stringify(body).split(`"/orgs/${org}/sec_policy/draft/`).join(`"/orgs/${org}/sec_policy/${pversion}/`);
  return JSON.parse(text) as Json;
}

export function unknownReference(href: string): never {
  throw invalidUri(href);
}
