import { invalidUri, validationError } from './errors';
import { normaliseIp } from './ip';

export type Json = Record<string, unknown>;

/** The draft/active policy object types this simulator serves under /sec_policy/{pversion}/. */
export const POLICY_TYPES = ['label_groups', 'ip_lists', 'services', 'rule_sets'] as const;
export type PolicyType = typeof POLICY_TYPES[number];

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
  sec_rules: [
    'enabled', 'description', 'ingress_services', 'resolve_labels_as', 'providers', 'consumers', 'sec_connect', 'stateless',
    'machine_auth', 'consuming_security_principals', 'unscoped_consumers', ...EXTERNAL,
  ],
  ip_ranges: ['description', 'from_ip', 'to_ip', 'exclusion'],
  fqdns: ['fqdn', 'description'],
  provision: ['update_description', 'change_subset'],
} as const;

export type BodyKind = keyof typeof WRITABLE;

/** Names that must be unique within their type in draft (services may share names: 20.1 services_post). */
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
  }
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
  return creating ? { enabled: true, ...body } : body;
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
  | { readonly kind: 'policy'; readonly type: PolicyType; readonly id: string };

export function parseHref(org: number, href: string): HrefTarget | undefined {
  const label = new RegExp(`^/orgs/${org}/labels/(\\d+)$`).exec(href);
  if (label) {
    return { kind: 'label', id: label[1]! };
  }
  const policy = new RegExp(`^/orgs/${org}/sec_policy/(?:draft|active)/(${POLICY_TYPES.join('|')})/(\\d+)$`).exec(href);
  if (policy) {
    return { kind: 'policy', type: policy[1] as PolicyType, id: policy[2]! };
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
