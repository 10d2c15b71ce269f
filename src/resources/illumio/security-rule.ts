import { provisionIfPending, readDraft } from './draft';
import { illumioHref } from './import-id';
import { IllumioClient, ruleSetOf } from '../../clients/illumio/client';
import { PceActor, PceIngressService, RuleSet, SecurityRule } from '../../clients/illumio/policy-objects';
import { BOOL, NUMBER, STRING, list, set } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { HandlerContext, ObjectValue, Problem, defineResource } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_security_rule: one security rule of a draft rule set
 * (`/orgs/:org/sec_policy/draft/rule_sets/:id/sec_rules`): which consumers may reach which
 * providers on which services. Written to draft only: provisioning its rule set (the stack's
 * `secops_illumio_provision`) enforces it. A delete provisions the rule set so the rule leaves
 * active policy too.
 */
export interface ActorModel {
  actors: string | null;
  label: string | null;
  label_group: string | null;
  ip_list: string | null;
  workload: string | null;
  virtual_service: string | null;
  /** Providers only (20.1 lists virtual servers among providers, not consumers). */
  virtual_server?: string | null;
}

export interface IngressServiceModel {
  href: string | null;
  port: number | null;
  to_port: number | null;
  proto: number | null;
}

export interface ResolveLabelsAsModel {
  providers: string[];
  consumers: string[];
}

export interface SecurityRuleModel {
  href: string | null;
  rule_set_href: string;
  enabled: boolean | null;
  description: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  resolve_labels_as: ResolveLabelsAsModel | null;
  providers: ActorModel[];
  consumers: ActorModel[];
  ingress_services: IngressServiceModel[];
  consuming_security_principals: string[] | null;
  unscoped_consumers: boolean | null;
  sec_connect: boolean | null;
  stateless: boolean | null;
  machine_auth: boolean | null;
  created_at: string | null;
}

const CONSUMER_KINDS = ['label', 'label_group', 'ip_list', 'workload', 'virtual_service'] as const;
const PROVIDER_KINDS = [...CONSUMER_KINDS, 'virtual_server'] as const;
type Side = 'providers' | 'consumers';
const hrefKinds = (side: Side): readonly (typeof PROVIDER_KINDS[number])[] => (side === 'providers' ? PROVIDER_KINDS : CONSUMER_KINDS);
const actorFields = (side: Side): readonly (keyof ActorModel)[] => ['actors', ...hrefKinds(side)];
const RESOLVE_AS = ['workloads', 'virtual_services'] as const;
const PORT_PROTOCOLS = [6, 17];

const actorBlock = (side: Side): Block => ({
  description: `One ${side === 'providers' ? 'provider' : 'consumer'}: set exactly one of its attributes.`,
  attributes: {
    actors: {
      type: STRING,
      optional: true,
      description: side === 'providers' ? 'All workloads: `ams`.' : 'All workloads (`ams`) or all container hosts (`container_host`).',
      validators: [validators.oneOf(side === 'providers' ? ['ams'] : ['ams', 'container_host'])],
    },
    label: { type: STRING, optional: true, description: 'Href of a label.', validators: [validators.notEmpty()] },
    label_group: { type: STRING, optional: true, description: 'Href of a label group.', validators: [validators.notEmpty()] },
    ip_list: { type: STRING, optional: true, description: 'Href of an IP list.', validators: [validators.notEmpty()] },
    workload: { type: STRING, optional: true, description: 'Href of a workload.', validators: [validators.notEmpty()] },
    virtual_service: { type: STRING, optional: true, description: 'Href of a virtual service.', validators: [validators.notEmpty()] },
    ...(side === 'providers'
      ? { virtual_server: { type: STRING, optional: true, description: 'Href of a virtual server (providers only).', validators: [validators.notEmpty()] } }
      : {}),
  },
});

const port = (what: string) => ({
  type: NUMBER,
  optional: true,
  description: what,
  validators: [validators.custom('an integer from 0 to 65535', (value: CtyValue) => {
    const n = toNumber(value);
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? undefined : `must be an integer from 0 to 65535, got ${String(value)}`;
  })],
});

const resolveAs = (side: string) => ({
  type: list(STRING),
  required: true,
  description: `How the labels of the ${side} resolve: \`workloads\` and/or \`virtual_services\`.`,
  validators: [validators.custom('a non-empty list of "workloads", "virtual_services"', (value: CtyValue) => {
    const items = value as CtyValue[];
    if (items.length === 0) return 'must name at least one of "workloads", "virtual_services"';
    const wrong = items.filter(item => !(item instanceof Unknown) && !(RESOLVE_AS as readonly CtyValue[]).includes(item));
    return wrong.length > 0 ? `must each be "workloads" or "virtual_services", got ${wrong.map(w => JSON.stringify(w)).join(', ')}` : undefined;
  })],
});

export const securityRule = defineResource<IllumioClient, SecurityRuleModel>({
  typeName: 'secops_illumio_security_rule',
  importId: illumioHref('sec_policy/draft/rule_sets/:id/sec_rules/:id', { policy: true }),
  schema: {
    description: 'An Illumio security rule in a draft rule set: consumers may reach providers on the ingress services. Provisioned with its rule set by `secops_illumio_provision`.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The rule\'s draft href (`.../rule_sets/:id/sec_rules/:id`). Import with `terraform import <address> <href>`.' },
      rule_set_href: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Href of the draft rule set the rule belongs to. Changing it replaces the rule.',
        validators: [validators.custom('a draft rule set href', (value: CtyValue) =>
          /\/sec_policy\/draft\/rule_sets\/[^/]+$/.test(value as string) ? undefined : `must be a draft rule set href (.../sec_policy/draft/rule_sets/ID), got "${String(value)}"`)],
      },
      enabled: { type: BOOL, optional: true, default: true, description: 'Whether the rule is enforced. Default true.' },
      description: { type: STRING, optional: true, description: 'Description.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this rule, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The rule\'s ID in that external system.' },
      consuming_security_principals: {
        type: set(STRING),
        optional: true,
        default: [],
        description: 'Hrefs of security principals (user groups, `/orgs/:org/security_principals/:id`) whose members may consume: a rule for users.',
        validators: [validators.custom('security principal hrefs', (value: CtyValue) => {
          const bad = (value as CtyValue[]).filter(href => typeof href === 'string' && !/\/security_principals\/[^/]+$/.test(href));
          return bad.length === 0 ? undefined : `must be security principal hrefs, got ${bad.map(href => JSON.stringify(href)).join(', ')}`;
        })],
      },
      unscoped_consumers: { type: BOOL, optional: true, default: false, description: 'Consumers from all scopes (an extra-scope rule), not only the rule set\'s. Default false.' },
      sec_connect: { type: BOOL, optional: true, default: false, description: 'Encrypt the traffic (SecureConnect). Default false.' },
      stateless: { type: BOOL, optional: true, default: false, description: 'Stateless packet filtering. Default false.' },
      machine_auth: { type: BOOL, optional: true, default: false, description: 'Require machine authentication. Default false.' },
      created_at: { type: STRING, computed: true, description: 'When the rule was created (RFC 3339); null on PCEs that do not timestamp rules (20.1).' },
    },
    blocks: {
      resolve_labels_as: {
        nesting: 'single',
        minItems: 1,
        maxItems: 1,
        block: {
          description: 'How labels of providers and consumers resolve.',
          attributes: { providers: resolveAs('providers'), consumers: resolveAs('consumers') },
        },
      },
      providers: { nesting: 'set', minItems: 1, block: actorBlock('providers') },
      consumers: { nesting: 'set', minItems: 1, block: actorBlock('consumers') },
      ingress_services: {
        nesting: 'set',
        block: {
          description: 'A service the providers offer: a service `href`, or `proto` with optional `port` and `to_port`.',
          attributes: {
            href: { type: STRING, optional: true, description: 'Href of a service.', validators: [validators.notEmpty()] },
            proto: {
              type: NUMBER,
              optional: true,
              description: 'IP protocol number, e.g. 6 (TCP) or 17 (UDP).',
              validators: [validators.custom('an integer from 0 to 255', (value: CtyValue) => {
                const n = toNumber(value);
                return Number.isInteger(n) && n >= 0 && n <= 255 ? undefined : `must be an IP protocol number from 0 to 255, got ${String(value)}`;
              })],
            },
            port: port('Port, or first port of a range (TCP and UDP only). Omitted: all ports.'),
            to_port: port('Last port of the range starting at `port`.'),
          },
        },
      },
    },
  },

  validate(config) {
    return [
      ...actorProblems(config.providers, 'providers'),
      ...actorProblems(config.consumers, 'consumers'),
      ...serviceProblems(config),
    ];
  },

  async create(ctx, planned) {
    const created = await ctx.client.createRule<SecurityRule>(planned.rule_set_href, body(planned), ctx.signal);
    const state = fromPce(created, planned.rule_set_href);
    ctx.created(state as unknown as ObjectValue); // the model is the state object Terraform stores
    return state;
  },

  async read(ctx, current) {
    const href = current.href!;
    // The rule set first: gone means the rule is gone; a pending deletion is reported.
    const ruleSet = await readDraft<RuleSet>(ctx, ruleSetOf(href));
    if (!ruleSet) return undefined;
    const found = await ctx.client.getDraft<SecurityRule>(href, ctx.signal);
    return found ? fromPce(found, ruleSet.href) : undefined;
  },

  async update(ctx, planned, prior) {
    const href = prior.href!;
    await ctx.client.updateRule(href, body(planned), ctx.signal);
    // The PCE answers an update with 204 and no body: read the rule as it now is.
    const updated = await ctx.client.getDraft<SecurityRule>(href, ctx.signal);
    if (!updated) throw new Error(`The PCE updated security rule ${href} but no longer returns it`);
    return fromPce(updated, prior.rule_set_href);
  },

  async delete(ctx, current) {
    await deleteRuleAndProvision(ctx, current.href!);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/**
 * Deletes a rule and, when it was provisioned, provisions its rule set so the rule also leaves
 * active policy (the PCE provisions rules with their rule set: draft.ts's deleteAndProvision works
 * on the deleted object's own href, which a rule is not). Provisioning the rule set also
 * provisions its other pending changes, as the PCE always does. A never-provisioned rule just goes.
 */
export async function deleteRuleAndProvision(ctx: HandlerContext<IllumioClient>, href: string): Promise<void> {
  const rule = await ctx.client.getDraft<SecurityRule>(href, ctx.signal);
  if (!rule) return;
  // Gone by the time of the DELETE (a repeat after a lost answer) still leaves its rule set to provision.
  await ctx.client.deleteRule(href, ctx.signal);
  if (rule.update_type === 'create') return;
  const ruleSetHref = ruleSetOf(ctx.client.apiPath(href));
  const ruleSet = await ctx.client.getDraft<RuleSet>(ruleSetHref, ctx.signal);
  // A rule set never provisioned itself (update_type create) is not provisioned by a rule's delete.
  if (ruleSet?.update_type === 'update') {
    await provisionIfPending(ctx, 'rule_sets', ruleSetHref, `secops: delete ${href}`);
  }
}

function actorProblems(actors: ActorModel[] | null, side: Side): Problem[] {
  if (actors === null || (actors as unknown) instanceof Unknown) return [];
  const fields = actorFields(side);
  const problems: Problem[] = [];
  actors.forEach((actor, index) => {
    if (actor === null || (actor as unknown) instanceof Unknown) return;
    const values = fields.map(field => (actor[field] ?? null) as CtyValue);
    const known = fields.filter((_field, i) => values[i] !== null && !(values[i] instanceof Unknown));
    const unknown = values.filter(value => value instanceof Unknown).length;
    if (known.length > 1) {
      problems.push({ path: [side, index], summary: `Invalid ${side} entry`, detail: `set exactly one of ${fields.join(', ')}; got ${known.join(' and ')}` });
    } else if (known.length + unknown === 0) {
      problems.push({ path: [side, index], summary: `Invalid ${side} entry`, detail: `set exactly one of ${fields.join(', ')}` });
    }
  });
  return problems;
}

function serviceProblems(config: SecurityRuleModel): Problem[] {
  const services = config.ingress_services;
  if (services === null || (services as unknown) instanceof Unknown) return [];
  const problems: Problem[] = [];
  const resolve = config.resolve_labels_as;
  const providersAs = resolve && !((resolve as unknown) instanceof Unknown) ? resolve.providers : null;
  if (Array.isArray(providersAs) && providersAs.includes('workloads') && services.length === 0) {
    problems.push({
      path: ['ingress_services'],
      summary: 'Missing ingress_services',
      detail: 'a rule whose providers resolve as workloads needs at least one ingress_services block',
    });
  }
  services.forEach((service, index) => {
    if (service === null || (service as unknown) instanceof Unknown) return;
    const path = ['ingress_services', index];
    const problem = (detail: string): void => void problems.push({ path, summary: 'Invalid ingress_services entry', detail });
    const given = (value: unknown): boolean => value !== null;
    const known = (value: unknown): boolean => value !== null && !(value instanceof Unknown);
    if (given(service.href) && (given(service.proto) || given(service.port) || given(service.to_port))) {
      problem('give either href, or proto with optional port and to_port, not both');
    } else if (!given(service.href) && !given(service.proto)) {
      problem('give href, or proto with optional port and to_port');
    }
    if (given(service.to_port) && !given(service.port)) problem('to_port needs port (the start of the range)');
    if (known(service.proto) && (given(service.port) || given(service.to_port)) && !PORT_PROTOCOLS.includes(toNumber(service.proto))) {
      problem(`ports apply to TCP (6) and UDP (17) only, not protocol ${toNumber(service.proto)}`);
    }
    if (known(service.port) && known(service.to_port) && toNumber(service.to_port) < toNumber(service.port)) {
      problem(`to_port (${toNumber(service.to_port)}) must not be below port (${toNumber(service.port)})`);
    }
  });
  return problems;
}

/** A cty number (number, bigint or Decimal) as a JS number. */
function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(String(value));
}

function body(model: SecurityRuleModel): Record<string, unknown> {
  const resolve = model.resolve_labels_as;
  return {
    enabled: model.enabled ?? true,
    description: model.description ?? '',
    // 20.1: string or null; null clears a reference the configuration no longer sets.
    external_data_set: model.external_data_set,
    external_data_reference: model.external_data_reference,
    resolve_labels_as: { providers: resolve?.providers ?? ['workloads'], consumers: resolve?.consumers ?? ['workloads'] },
    providers: (model.providers ?? []).map(actor => actorToPce(actor, 'providers')),
    consumers: (model.consumers ?? []).map(actor => actorToPce(actor, 'consumers')),
    ingress_services: (model.ingress_services ?? []).map(serviceToPce),
    consuming_security_principals: (model.consuming_security_principals ?? []).map(href => ({ href })),
    unscoped_consumers: model.unscoped_consumers ?? false,
    sec_connect: model.sec_connect ?? false,
    stateless: model.stateless ?? false,
    machine_auth: model.machine_auth ?? false,
  };
}

function actorToPce(actor: ActorModel, side: Side): PceActor {
  if (actor.actors !== null) return { actors: actor.actors };
  const kind = hrefKinds(side).find(k => (actor[k] ?? null) !== null);
  if (kind === undefined) throw new Error(`A rule actor sets none of ${actorFields(side).join(', ')}`);
  return { [kind]: { href: actor[kind]! } };
}

function serviceToPce(service: IngressServiceModel): PceIngressService {
  if (service.href !== null) return { href: service.href };
  const result: { proto?: number; port?: number; to_port?: number } = {};
  if (service.proto !== null) result.proto = toNumber(service.proto);
  if (service.port !== null) result.port = toNumber(service.port);
  if (service.to_port !== null) result.to_port = toNumber(service.to_port);
  return result;
}

export function fromPce(pce: SecurityRule, ruleSetHref: string): SecurityRuleModel {
  return {
    href: pce.href,
    rule_set_href: ruleSetHref,
    enabled: pce.enabled ?? true,
    description: pce.description ? pce.description : null,
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    resolve_labels_as: {
      providers: [...(pce.resolve_labels_as?.providers ?? [])],
      consumers: [...(pce.resolve_labels_as?.consumers ?? [])],
    },
    providers: (pce.providers ?? []).map(actor => actorFromPce(actor, 'providers')),
    consumers: (pce.consumers ?? []).map(actor => actorFromPce(actor, 'consumers')),
    ingress_services: (pce.ingress_services ?? []).map(s => ({
      href: s.href ?? null,
      port: s.port ?? null,
      to_port: s.to_port ?? null,
      proto: s.proto ?? null,
    })),
    consuming_security_principals: (pce.consuming_security_principals ?? []).map(ref => ref.href),
    unscoped_consumers: pce.unscoped_consumers ?? false,
    sec_connect: pce.sec_connect ?? false,
    stateless: pce.stateless ?? false,
    machine_auth: pce.machine_auth ?? false,
    created_at: pce.created_at ?? null,
  };
}

function actorFromPce(actor: PceActor, side: Side): ActorModel {
  return {
    actors: actor.actors ?? null,
    label: actor.label?.href ?? null,
    label_group: actor.label_group?.href ?? null,
    ip_list: actor.ip_list?.href ?? null,
    workload: actor.workload?.href ?? null,
    virtual_service: actor.virtual_service?.href ?? null,
    ...(side === 'providers' ? { virtual_server: actor.virtual_server?.href ?? null } : {}),
  };
}
