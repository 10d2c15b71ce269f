import { randomUUID } from 'node:crypto';
import { ANY_SCOPE, BUILT_IN_RULES, BUILT_IN_TEMPLATES, CatalogueRule } from './catalogue';
import {
  badRequest, conflict, notFound, POLICY_DUPLICATE, SCOPE_DUPLICATE, SCOPE_INVALID, TEMPLATE_INVALID,
} from './errors';
import { Collection, Store } from '../core';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Stamped {
  creator: string;
  created_on: number;
  modified_by: string;
  modified_on: number;
}

export interface StoredRuleRef {
  id: string;
  action: string;
  is_enabled?: boolean;
  preset_id?: string;
  preset_name?: string;
}

export interface StoredPolicy extends Stamped {
  policy_id: string;
  name: string;
  scope_id: string;
  status: string;
  rules: StoredRuleRef[];
  exceptions: Record<string, JsonObject[]>;
  include_init_containers: boolean;
  include_ephemeral_containers: boolean;
}

export interface StoredScope extends Stamped {
  scope_id: string;
  name: string;
  lifecycle_phase: string;
  is_protected: boolean;
  clusters_groups: string[];
  clusters: string[];
  namespaces: string[];
}

export interface StoredTemplate {
  template_id: string;
  name: string;
  rules: { id: string; action: string }[];
  /** Built-in templates have no custom_template_metadata and refuse every write. */
  custom: { creator: string; created_on: number } | null;
}

export const POLICY_STATUSES = ['enabled', 'disabled', 'draft'];
/** The document names no list of phases; its examples show these three. */
export const LIFECYCLE_PHASES = ['any', 'build', 'deployed'];
/** The seeded policy on the "Any" scope (the policies_scopes example calls it "default"). */
export const DEFAULT_POLICY_ID = '123a4b56-520f-411a-a146-3be26dfbbdbd';

/**
 * The organisation's guardrails: policies, scopes, the rule catalogue and templates, with the
 * document's validation, uniqueness rules and joined views. Handlers throw CbcError.
 */
export class CbcState {
  public readonly policies: Collection<StoredPolicy>;
  public readonly scopes: Collection<StoredScope>;
  public readonly rules: Collection<CatalogueRule>;
  public readonly templates: Collection<StoredTemplate>;

  constructor(private readonly store: Store, private readonly user: string, private readonly orgKey: string) {
    this.policies = store.collection('policies');
    this.scopes = store.collection('scopes');
    this.rules = store.collection('rules');
    this.templates = store.collection('templates');
    this.seed();
  }

  /** The built-in catalogue and templates, the protected "Any" scope and its default policy. */
  public seed(): void {
    this.store.write(() => {
      BUILT_IN_RULES.forEach((rule) => this.rules.put(rule.rule_id, rule));
      BUILT_IN_TEMPLATES.forEach((t) => this.templates.put(t.template_id, { ...t, rules: t.rules.map((r) => ({ ...r })), custom: null }));
      const stamp = this.stamp(undefined);
      this.scopes.put(ANY_SCOPE.scope_id, { ...ANY_SCOPE, ...stamp, creator: '', modified_by: '', is_protected: true, clusters_groups: [], clusters: ['*'], namespaces: ['*'] });
      this.policies.put(DEFAULT_POLICY_ID, {
        ...stamp,
        policy_id: DEFAULT_POLICY_ID,
        name: 'default',
        scope_id: ANY_SCOPE.scope_id,
        status: 'enabled',
        rules: [],
        exceptions: {},
        include_init_containers: false,
        include_ephemeral_containers: false,
      });
    });
  }

  // ---- policies ----------------------------------------------------------------------------

  /** PUT policies: an update when policy_id is present, else a create. Checks in the document's order. */
  public putPolicy(body: JsonObject): string {
    const scopeId = body.scope_id;
    if (typeof scopeId !== 'string' || scopeId === '') throw badRequest('policy must have a scope id');
    if (!this.scopes.has(scopeId)) throw badRequest(`scope ${scopeId} not found`);
    if (typeof body.name !== 'string' || body.name === '') throw badRequest('policy must have a name');
    if (typeof body.status !== 'string' || !POLICY_STATUSES.includes(body.status)) throw badRequest('invalid policy status');
    const existing = this.existingPolicy(body.policy_id);
    if (existing && (changed(body.creator, existing.creator) || changed(body.created_on, existing.created_on))) {
      throw badRequest('creator and createdOn fields can\'t be changed');
    }
    const rules = this.policyRules(body.rules);
    const id = existing?.policy_id ?? randomUUID();
    const clash = this.policies.list().find((p) => p.policy_id !== id && (p.name === body.name || p.scope_id === scopeId));
    if (clash) throw conflict(POLICY_DUPLICATE);
    this.store.write(() => this.policies.put(id, {
      ...this.stamp(existing),
      policy_id: id,
      name: body.name as string,
      scope_id: scopeId,
      status: body.status as string,
      rules,
      exceptions: policyExceptions(body.exceptions),
      include_init_containers: body.include_init_containers === true,
      include_ephemeral_containers: body.include_ephemeral_containers === true,
    }));
    return id;
  }

  public deletePolicy(id: string): void {
    if (!this.policies.has(id)) throw badRequest(`error deleting policy ${id}: not exists`);
    this.store.write(() => this.policies.delete(id));
  }

  public policy(id: string): StoredPolicy {
    return this.policies.get(id) ?? throwError(notFound(`policy ${id} not found`));
  }

  public renderPolicy(policy: StoredPolicy): Json {
    const { scope_id: scopeId, ...fields } = policy;
    return { ...fields, ...isoStamps(policy), scope_metadata: this.scopeMetadata(scopeId) } as unknown as Json;
  }

  public renderPolicySummary(policy: StoredPolicy): Json {
    const { rules: _rules, exceptions, include_init_containers: _init, include_ephemeral_containers: _ephemeral, scope_id: scopeId, ...fields }
      = policy;
    const exceptionsCount = Object.values(exceptions).reduce((sum, list) => sum + list.length, 0);
    return { ...fields, ...isoStamps(policy), scope_metadata: this.scopeMetadata(scopeId), exceptions_count: exceptionsCount } as unknown as Json;
  }

  /**
   * The document is silent on an update of an unknown policy; the simulator answers the 404 of
   * GET policy, rather than creating a second one.
   */
  private existingPolicy(id: Json | undefined): StoredPolicy | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    return this.policy(String(id));
  }

  /**
   * Rule references must name catalogue rules, with an action the rule supports and a preset it
   * has. The document does not list these errors: the wording is the simulator's own.
   */
  private policyRules(value: Json | undefined): StoredRuleRef[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw badRequest('rules must be a list');
    return value.map((item) => {
      const ref = asObject(item) ?? throwError(badRequest('rules must be a list of objects'));
      const rule = this.catalogueRule(ref.id);
      if (typeof ref.action !== 'string' || !rule.supported_actions.includes(ref.action)) {
        throw badRequest(`action ${JSON.stringify(ref.action ?? null)} is not supported by rule ${rule.rule_id} (supported: ${rule.supported_actions.join(', ')})`);
      }
      if (typeof ref.preset_id === 'string' && ref.preset_id !== '' && !(rule.presets ?? []).some((p) => p.id === ref.preset_id)) {
        throw badRequest(`preset ${ref.preset_id} not found for rule ${rule.rule_id}`);
      }
      return {
        id: rule.rule_id,
        action: ref.action,
        is_enabled: ref.is_enabled !== false,
        ...(typeof ref.preset_id === 'string' && ref.preset_id !== '' ? { preset_id: ref.preset_id } : {}),
        ...(typeof ref.preset_name === 'string' && ref.preset_name !== '' ? { preset_name: ref.preset_name } : {}),
      };
    });
  }

  private catalogueRule(id: Json | undefined): CatalogueRule {
    if (typeof id !== 'string' || id === '') throw badRequest('rule must have an id');
    return this.rules.get(id) ?? throwError(badRequest(`rule ${id} not found`));
  }

  // ---- scopes ------------------------------------------------------------------------------

  /** POST scopes: an update when scope_id is present, else a create. */
  public upsertScope(body: JsonObject): string {
    const existing = body.scope_id === undefined || body.scope_id === null || body.scope_id === ''
      ? undefined : this.scope(String(body.scope_id));
    if (typeof body.name !== 'string' || body.name.trim() === '') throw badRequest('name must not be empty');
    const phase = body.lifecycle_phase ?? existing?.lifecycle_phase ?? 'any'; // default: silent in the document
    if (typeof phase !== 'string' || !LIFECYCLE_PHASES.includes(phase)) throw badRequest(`${String(phase)} is not a valid scope life cycle`);
    const clusters = stringList(body.clusters);
    const groups = stringList(body.clusters_groups);
    // Namespaces default to all when omitted (the document is silent).
    const namespaces = body.namespaces === undefined || body.namespaces === null ? ['*'] : stringList(body.namespaces);
    if (clusters.length + groups.length === 0) throw badRequest(SCOPE_INVALID);
    const id = existing?.scope_id ?? randomUUID();
    const combination = comboKey(groups, clusters, namespaces);
    const clash = this.scopes.list().find((s) => s.scope_id !== id
      && (s.name === body.name || comboKey(s.clusters_groups, s.clusters, s.namespaces) === combination));
    if (clash) throw conflict(SCOPE_DUPLICATE);
    this.store.write(() => this.scopes.put(id, {
      ...this.stamp(existing),
      scope_id: id,
      name: body.name as string,
      lifecycle_phase: phase,
      is_protected: existing?.is_protected ?? body.is_protected === true,
      clusters_groups: groups,
      clusters,
      namespaces,
    }));
    return id;
  }

  public scope(id: string): StoredScope {
    return this.scopes.get(id) ?? throwError(notFound(`scope ${id} was not found`));
  }

  public deleteScope(id: string): void {
    const scope = this.scope(id);
    if (scope.is_protected) throw badRequest('Scope can\'t be deleted');
    const user = this.policies.list().find((p) => p.scope_id === id);
    if (user) throw badRequest(`Scope id ${id} is being used by policy ${user.name}`);
    this.store.write(() => this.scopes.delete(id));
  }

  public renderScope(scope: StoredScope): Json {
    return { ...scope, ...isoStamps(scope), grouping_type: 'destination', workloads_count: 0 } as unknown as Json;
  }

  /** policies_scopes: the scope and the policy applied on it (null when none). */
  public renderScopeWithPolicy(scope: StoredScope): Json {
    const policy = this.policies.list().find((p) => p.scope_id === scope.scope_id);
    return {
      scope_id: scope.scope_id,
      name: scope.name,
      policy_metadata: policy ? { policy_id: policy.policy_id, policy_name: policy.name } : null,
      workload_count: 0,
      lifecycle_phase: scope.lifecycle_phase,
    };
  }

  private scopeMetadata(scopeId: string): Json {
    return { scope_id: scopeId, scope_name: this.scopes.get(scopeId)?.name ?? '' };
  }

  // ---- rules -------------------------------------------------------------------------------

  /** A catalogue entry with its joined views: the policies and templates that use it. */
  public renderRule(rule: CatalogueRule): Json {
    const policies = this.policies.list().filter((p) => p.rules.some((r) => r.id === rule.rule_id))
      .map((p) => ({ policy_id: p.policy_id, policy_name: p.name }));
    const templates = this.templates.list().filter((t) => t.rules.some((r) => r.id === rule.rule_id))
      .map((t) => ({ template_id: t.template_id, template_name: t.name }));
    const presets = rule.presets?.map((preset) => ({ ...preset, rule_id: rule.rule_id, policies: [] })) ?? null;
    return { ...rule, presets, policies, templates } as unknown as Json;
  }

  /**
   * Custom rules come from the console (the API has no call that creates one). Deleting one also
   * drops it from policies and templates: the document is silent on rules in use.
   */
  public deleteCustomRule(id: string): void {
    const rule = this.rules.get(id);
    if (rule?.custom_rule_metadata == null) throw notFound(`error deleting custom rule ${id}: not exists`);
    this.store.write(() => {
      this.rules.delete(id);
      for (const policy of this.policies.list().filter((p) => p.rules.some((r) => r.id === id))) {
        this.policies.put(policy.policy_id, { ...policy, rules: policy.rules.filter((r) => r.id !== id) });
      }
      for (const template of this.templates.list().filter((t) => t.rules.some((r) => r.id === id))) {
        this.templates.put(template.template_id, { ...template, rules: template.rules.filter((r) => r.id !== id) });
      }
    });
  }

  // ---- templates ---------------------------------------------------------------------------

  /**
   * POST templates: an update when template_id is present, else a create. Template names are
   * not documented as unique, so a second create with the same name makes a second template.
   */
  public upsertTemplate(body: JsonObject): string {
    const id = body.template_id === undefined || body.template_id === null || body.template_id === '' ? undefined : String(body.template_id);
    if (id !== undefined && !this.templates.get(id)?.custom) throw badRequest(`error updating custom template ${id}: not exists`);
    if (typeof body.name !== 'string' || body.name.trim() === '') throw badRequest('custom template has to have a name');
    const rules = this.templateRules(body.rules) ?? throwError(badRequest(TEMPLATE_INVALID));
    const templateId = id ?? randomUUID();
    this.store.write(() => this.templates.put(templateId, {
      template_id: templateId,
      name: body.name as string,
      rules,
      custom: this.templates.get(templateId)?.custom ?? { creator: this.user, created_on: Date.now() },
    }));
    return templateId;
  }

  /** add_rules: appends to every listed custom template; a rule already there takes the new action. */
  public addRules(body: JsonObject): void {
    const ids = Array.isArray(body.template_ids) ? body.template_ids : [];
    const refused = badRequest(`error updating rules for custom templates, acount ${this.orgKey} templateId [${ids.map(String).join(' ')}]`);
    const rules = this.templateRules(body.rules);
    if (rules === undefined || rules.length === 0 || ids.length === 0 || !ids.every((t) => typeof t === 'string' && this.templates.get(t)?.custom)) {
      throw refused;
    }
    this.store.write(() => {
      for (const templateId of ids as string[]) {
        const template = this.templates.get(templateId)!;
        const merged = [...template.rules];
        for (const added of rules) {
          const at = merged.findIndex((r) => r.id === added.id);
          if (at >= 0) merged[at] = added; else merged.push(added);
        }
        this.templates.put(templateId, { ...template, rules: merged });
      }
    });
  }

  public deleteTemplate(id: string): void {
    if (!this.templates.get(id)?.custom) throw badRequest(`error deleting custom template ${id}: not exists`);
    this.store.write(() => this.templates.delete(id));
  }

  public renderTemplate(template: StoredTemplate): Json {
    const custom = template.custom;
    return {
      template_id: template.template_id,
      name: template.name,
      rules: template.rules,
      custom_template_metadata: custom
        ? { creator: custom.creator, created_on: custom.created_on, created_on_iso: new Date(custom.created_on).toISOString() }
        : null,
    };
  }

  /**
   * Template rules: a list of {id, action} (the body schema shows one object, the example a list;
   * both are taken). undefined when malformed, naming an unknown rule or an unsupported action.
   */
  private templateRules(value: Json | undefined): { id: string; action: string }[] | undefined {
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    const rules: { id: string; action: string }[] = [];
    for (const item of items) {
      const ref = asObject(item);
      const rule = typeof ref?.id === 'string' ? this.rules.get(ref.id) : undefined;
      if (!rule || typeof ref?.action !== 'string' || !rule.supported_actions.includes(ref.action)) return undefined;
      rules.push({ id: rule.rule_id, action: ref.action });
    }
    return rules;
  }

  private stamp(existing: Stamped | undefined): Stamped {
    const now = Date.now();
    return { creator: existing?.creator ?? this.user, created_on: existing?.created_on ?? now, modified_by: this.user, modified_on: now };
  }
}

function isoStamps(stamped: Stamped): { created_on_iso: string; modified_on_iso: string } {
  return { created_on_iso: new Date(stamped.created_on).toISOString(), modified_on_iso: new Date(stamped.modified_on).toISOString() };
}

/** A server stamp sent back differently from what is stored (absent or null means untouched). */
function changed(sent: Json | undefined, stored: string | number): boolean {
  return sent !== undefined && sent !== null && sent !== stored;
}

function policyExceptions(value: Json | undefined): Record<string, JsonObject[]> {
  if (value === undefined || value === null) return {};
  const map = asObject(value) ?? throwError(badRequest('exceptions must map rule ids to lists of exceptions'));
  const result: Record<string, JsonObject[]> = {};
  for (const [ruleId, list] of Object.entries(map)) {
    if (!Array.isArray(list) || !list.every((e) => asObject(e) !== undefined)) {
      throw badRequest(`exceptions of rule ${ruleId} must be a list of exceptions`);
    }
    result[ruleId] = list as JsonObject[];
  }
  return result;
}

function stringList(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest(SCOPE_INVALID);
  return value as string[];
}

/** Scopes clash on the same sets of cluster groups, clusters and namespaces, in any order. */
function comboKey(groups: readonly string[], clusters: readonly string[], namespaces: readonly string[]): string {
  return JSON.stringify([[...new Set(groups)].sort(), [...new Set(clusters)].sort(), [...new Set(namespaces)].sort()]);
}

export function asObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function throwError(error: Error): never {
  throw error;
}
