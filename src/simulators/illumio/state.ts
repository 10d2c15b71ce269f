import { randomUUID } from 'node:crypto';
import { Collection, Store } from '../core';
import { notFound, PceError, TOKENS, invalidUri, validationError } from './errors';
import {
  checkProperties, FIREWALL_SETTINGS, HrefTarget, inVersion, Json, LABEL_KEYS, normaliseFirewallSettings, normalisePolicyBody, normaliseSecRule,
  parseHref, PolicyType, POLICY_TYPES, referencedHrefs, requireString, toDraftHrefs, UNIQUE_NAMES, UUID_TYPES, VIRTUAL_SERVERS,
} from './objects';

export type UpdateType = 'create' | 'update' | 'delete';

export interface StoredLabel {
  readonly id: number;
  readonly key: string;
  value: string;
  external_data_set: string | null;
  external_data_reference: string | null;
  /** Labels are soft-deleted: still readable by href with `deleted: true`, listed with include_deleted. */
  deleted: boolean;
  readonly created_at: string;
  updated_at: string;
}

export interface StoredRule {
  readonly id: number;
  body: Json;
  update_type: UpdateType | null;
}

/** One policy object in draft or in a provisioned version. Hrefs inside `body` are draft hrefs. */
export interface StoredPolicyObject {
  readonly type: PolicyType;
  /** The last segment of the href: a number, or a UUID for virtual services. */
  readonly id: string;
  /** Creation order, which collections follow. */
  readonly seq: number;
  body: Json;
  /** Rule sets only: their security rules. */
  rules?: StoredRule[];
  /** Draft only: what provisioning this object would do; null once provisioned. */
  update_type: UpdateType | null;
  readonly created_at: string;
  updated_at: string;
}

/** The org's one firewall settings object, in draft or in a provisioned version. Hrefs inside `body` are draft hrefs. */
export interface StoredFirewallSettings {
  body: Json;
  update_type: UpdateType | null;
  readonly created_at: string;
  updated_at: string;
}

export interface PolicyVersion {
  readonly version: number;
  readonly commit_message: string | null;
  readonly created_at: string;
  readonly objects: Readonly<Record<PolicyType, readonly StoredPolicyObject[]>>;
  readonly firewall_settings: StoredFirewallSettings;
}

/** A virtual server discovered from a load balancer: only its href and name matter to rules. */
export interface StoredVirtualServer {
  readonly id: string;
  readonly name: string;
}

/** 20.1 security_principals_get: a user group (Active Directory SID) that rules may name as consumers. */
export interface StoredSecurityPrincipal {
  readonly id: string;
  sid: string;
  name: string;
  description: string | null;
}

export type ChangeSubset = Partial<Record<string, Array<{ href?: unknown }>>>;

const USER = { href: '/users/1' };

/** Labels, draft and active policy, and policy versions of one org, with the PCE's rules. */
export class IllumioState {
  public readonly labels: Collection<StoredLabel>;
  public readonly versions: Collection<PolicyVersion>;
  private readonly draftTables: Record<PolicyType, Collection<StoredPolicyObject>>;
  private readonly activeTables: Record<PolicyType, Collection<StoredPolicyObject>>;
  private readonly firewallTables: Record<'draft' | 'active', Collection<StoredFirewallSettings>>;
  public readonly virtualServers: Collection<StoredVirtualServer>;
  public readonly securityPrincipals: Collection<StoredSecurityPrincipal>;
  private readonly counters = new Map<string, number>();
  /** More objects that may name an href (labels in profiles, permissions, settings: operations.ts); a named href cannot be deleted. */
  public readonly referrerSources: Array<(href: string) => readonly string[]> = [];

  constructor(private readonly store: Store, public readonly org: number) {
    this.labels = store.collection('labels');
    this.versions = store.collection('sec_policy_versions');
    this.draftTables = tables(store, 'draft');
    this.activeTables = tables(store, 'active');
    this.firewallTables = { draft: store.collection(`draft_${FIREWALL_SETTINGS}`), active: store.collection(`active_${FIREWALL_SETTINGS}`) };
    this.virtualServers = store.collection(VIRTUAL_SERVERS);
    this.securityPrincipals = store.collection('security_principals');
    this.seedFirewallSettings();
  }

  /** Call after the store was reset. */
  public reset(): void {
    this.counters.clear();
    this.seedFirewallSettings();
  }

  /**
   * Every org has firewall settings, provisioned from the start. The document gives no initial
   * values; these are a fresh PCE's: no scopes, no coexistence.
   */
  private seedFirewallSettings(): void {
    const now = timestamp();
    const settings: StoredFirewallSettings = {
      body: { static_policy_scopes: [], firewall_coexistence: null, containers_inherit_host_policy_scopes: [], blocked_connection_reject_scopes: [] },
      update_type: null,
      created_at: now,
      updated_at: now,
    };
    this.store.write(() => {
      this.firewallTables.draft.put(FIREWALL_SETTINGS, settings);
      this.firewallTables.active.put(FIREWALL_SETTINGS, settings);
    });
  }

  // ---- labels -------------------------------------------------------------------------------

  public labelHref(id: number): string {
    return `/orgs/${this.org}/labels/${id}`;
  }

  public renderLabel(label: StoredLabel): Json {
    const { id, ...fields } = label;
    return { href: this.labelHref(id), ...fields, created_by: USER, updated_by: USER };
  }

  public label(id: string): StoredLabel {
    return this.labels.get(id) ?? throwError(notFound());
  }

  public createLabel(body: Json): StoredLabel {
    checkProperties(body, 'labelCreate', 'labels_post');
    const key = requireString(body, 'key', 'labels_post');
    if (!(LABEL_KEYS as readonly string[]).includes(key)) {
      throw validationError(`labels_post: key must be one of ${LABEL_KEYS.join(', ')}`);
    }
    const value = requireString(body, 'value', 'labels_post');
    this.checkLabelUnique(key, value, undefined);
    const now = timestamp();
    const id = this.nextId('labels');
    return this.store.write(() => this.labels.create(String(id), {
      id,
      key,
      value,
      external_data_set: nullable(body.external_data_set),
      external_data_reference: nullable(body.external_data_reference),
      deleted: false,
      created_at: now,
      updated_at: now,
    }));
  }

  public updateLabel(id: string, body: Json): void {
    checkProperties(body, 'labelUpdate', 'labels_put');
    const label = this.label(id);
    if (label.deleted) {
      throw notFound();
    }
    const value = body.value === undefined ? label.value : requireString(body, 'value', 'labels_put');
    this.checkLabelUnique(label.key, value, label.id);
    this.store.write(() => this.labels.update(id, {
      ...label,
      value,
      external_data_set: body.external_data_set === undefined ? label.external_data_set : nullable(body.external_data_set),
      external_data_reference: body.external_data_reference === undefined ? label.external_data_reference : nullable(body.external_data_reference),
      updated_at: timestamp(),
    }));
  }

  public deleteLabel(id: string): void {
    const label = this.label(id);
    if (label.deleted) {
      // Token and wording as the PCE sends them (terraform-provider-illumio-core client/client_test.go).
      throw new PceError(406, TOKENS.labelAlreadyDeleted, 'Cannot delete a label that has already been deleted');
    }
    const users = this.referrers(this.labelHref(label.id));
    if (users.length > 0) {
      throw new PceError(406, TOKENS.labelInUse, `Label ${this.labelHref(label.id)} is in use by ${users.join(', ')}`);
    }
    this.store.write(() => this.labels.update(id, { ...label, deleted: true, updated_at: timestamp() }));
  }

  private checkLabelUnique(key: string, value: string, self: number | undefined): void {
    const clash = this.labels.find((label) => !label.deleted && label.key === key && label.value === value && label.id !== self);
    if (clash !== undefined) {
      throw new PceError(406, TOKENS.labelConflict, `Label with key ${key} and value ${value} already exists: ${this.labelHref(clash.id)}`);
    }
  }

  // ---- draft policy objects ------------------------------------------------------------------

  public policyHref(type: PolicyType, id: number | string, pversion = 'draft'): string {
    return `/orgs/${this.org}/sec_policy/${pversion}/${type}/${id}`;
  }

  public ruleHref(ruleSetId: number | string, ruleId: number, pversion = 'draft'): string {
    return `${this.policyHref('rule_sets', ruleSetId, pversion)}/sec_rules/${ruleId}`;
  }

  /** Objects of one type in a policy version: 'draft', 'active' or a version number. */
  public objects(type: PolicyType, pversion: string): readonly StoredPolicyObject[] {
    if (pversion === 'draft') {
      return sortBySeq(this.draftTables[type].list());
    }
    if (pversion === 'active') {
      return sortBySeq(this.activeTables[type].list());
    }
    return this.version(pversion).objects[type];
  }

  public object(type: PolicyType, pversion: string, id: string): StoredPolicyObject {
    return this.objects(type, pversion).find((item) => String(item.id) === id) ?? throwError(notFound());
  }

  public render(item: StoredPolicyObject, pversion: string): Json {
    const rendered: Json = {
      href: this.policyHref(item.type, item.id, pversion),
      ...item.body,
      created_at: item.created_at,
      updated_at: item.updated_at,
      deleted_at: null,
      created_by: USER,
      updated_by: USER,
      update_type: pversion === 'draft' ? item.update_type : null,
    };
    if (item.rules !== undefined) {
      rendered.rules = item.rules.map((rule) => this.renderRule(item.id, rule, pversion));
    }
    return inVersion(this.org, rendered, pversion);
  }

  public renderRule(ruleSetId: number | string, rule: StoredRule, pversion: string): Json {
    const rendered = {
      href: this.ruleHref(ruleSetId, rule.id, pversion),
      ...rule.body,
      created_by: USER,
      updated_by: USER,
      update_type: pversion === 'draft' ? rule.update_type : null,
    };
    return inVersion(this.org, rendered, pversion);
  }

  public createPolicy(type: PolicyType, input: Json): StoredPolicyObject {
    const body = toDraftHrefs(this.org, normalisePolicyBody(type, input, true));
    const { rules, ...fields } = body;
    this.checkReferences(body);
    this.checkNameUnique(type, fields.name, undefined);
    const now = timestamp();
    const seq = this.nextId(type);
    const id = UUID_TYPES.has(type) ? randomUUID() : String(seq);
    const item: StoredPolicyObject = { type, id, seq, body: fields, update_type: 'create', created_at: now, updated_at: now };
    if (type === 'rule_sets') {
      item.rules = ((rules as Json[] | undefined) ?? []).map((rule) => this.newRule(rule));
    }
    return this.store.write(() => this.draftTables[type].create(id, item));
  }

  public updatePolicy(type: PolicyType, id: string, input: Json): void {
    const item = this.liveDraft(type, id);
    const change = toDraftHrefs(this.org, normalisePolicyBody(type, input, false));
    const { rules, ...fields } = change;
    this.checkReferences(change);
    if (fields.name !== undefined) {
      this.checkNameUnique(type, fields.name, item.id);
    }
    // PUT changes only the properties sent (REST API guide, "PUT Operations").
    const updated: StoredPolicyObject = { ...item, body: { ...item.body, ...fields }, updated_at: timestamp(), update_type: staged(item) };
    if (rules !== undefined) {
      updated.rules = (rules as Json[]).map((rule) => this.newRule(rule));
    }
    this.store.write(() => this.draftTables[type].update(id, updated));
  }

  /** Never-provisioned objects vanish; provisioned ones stay in draft as a pending deletion. */
  public deletePolicy(type: PolicyType, id: string): void {
    const item = this.liveDraft(type, id);
    const href = this.policyHref(type, item.id);
    const users = this.referrers(href).filter((user) => user !== href);
    if (users.length > 0) {
      throw new PceError(406, TOKENS.objectInUse, `${href} is referenced by ${users.join(', ')}`);
    }
    this.store.write(() => {
      if (item.update_type === 'create') {
        this.draftTables[type].delete(id);
      } else {
        this.draftTables[type].update(id, { ...item, update_type: 'delete', updated_at: timestamp() });
      }
    });
  }

  // ---- security rules ------------------------------------------------------------------------

  public rule(ruleSetId: string, pversion: string, ruleId: string): StoredRule {
    const ruleSet = this.object('rule_sets', pversion, ruleSetId);
    return ruleSet.rules?.find((rule) => String(rule.id) === ruleId) ?? throwError(notFound());
  }

  public createRule(ruleSetId: string, input: Json): StoredRule {
    const ruleSet = this.liveDraft('rule_sets', ruleSetId);
    const body = toDraftHrefs(this.org, normaliseSecRule(input, true));
    this.checkReferences(body);
    const rule = this.newRule(body);
    this.saveRules(ruleSet, [...(ruleSet.rules ?? []), rule]);
    return rule;
  }

  public updateRule(ruleSetId: string, ruleId: string, input: Json): void {
    const ruleSet = this.liveDraft('rule_sets', ruleSetId);
    const rule = this.rule(ruleSetId, 'draft', ruleId);
    const change = toDraftHrefs(this.org, normaliseSecRule(input, false));
    this.checkReferences(change);
    const updated: StoredRule = { ...rule, body: { ...rule.body, ...change }, update_type: rule.update_type === 'create' ? 'create' : 'update' };
    this.saveRules(ruleSet, (ruleSet.rules ?? []).map((item) => (item.id === rule.id ? updated : item)));
  }

  /** A rule leaves draft at once; the rule set becomes pending so the removal is provisioned with it. */
  public deleteRule(ruleSetId: string, ruleId: string): void {
    const ruleSet = this.liveDraft('rule_sets', ruleSetId);
    const rule = this.rule(ruleSetId, 'draft', ruleId);
    this.saveRules(ruleSet, (ruleSet.rules ?? []).filter((item) => item.id !== rule.id));
  }

  private newRule(input: Json): StoredRule {
    const body = normaliseSecRule(input, true);
    this.checkReferences(body);
    return { id: this.nextId('sec_rules'), body, update_type: 'create' };
  }

  private saveRules(ruleSet: StoredPolicyObject, rules: StoredRule[]): void {
    const updated = { ...ruleSet, rules, update_type: staged(ruleSet), updated_at: timestamp() };
    this.store.write(() => this.draftTables.rule_sets.update(ruleSet.id, updated));
  }

  // ---- firewall settings ---------------------------------------------------------------------

  public firewallSettingsHref(pversion = 'draft'): string {
    return `/orgs/${this.org}/sec_policy/${pversion}/${FIREWALL_SETTINGS}`;
  }

  /** The firewall settings of 'draft', 'active' or a version number. */
  public firewallSettings(pversion: string): StoredFirewallSettings {
    if (pversion === 'draft' || pversion === 'active') {
      return this.firewallTables[pversion].get(FIREWALL_SETTINGS)!;
    }
    return this.version(pversion).firewall_settings;
  }

  public renderFirewallSettings(pversion: string): Json {
    const settings = this.firewallSettings(pversion);
    const rendered = {
      href: this.firewallSettingsHref(pversion),
      ...settings.body,
      created_at: settings.created_at,
      updated_at: settings.updated_at,
      deleted_at: null,
      created_by: USER,
      updated_by: USER,
      deleted_by: null,
      update_type: pversion === 'draft' ? settings.update_type : null,
    };
    return inVersion(this.org, rendered, pversion);
  }

  /** PUT changes only the properties sent; the settings always exist, so a change is an update. */
  public updateFirewallSettings(input: Json): void {
    const change = toDraftHrefs(this.org, normaliseFirewallSettings(input));
    this.checkReferences(change);
    const current = this.firewallSettings('draft');
    const updated = { ...current, body: { ...current.body, ...change }, update_type: 'update' as const, updated_at: timestamp() };
    this.store.write(() => this.firewallTables.draft.put(FIREWALL_SETTINGS, updated));
  }

  // ---- virtual servers, security principals ----------------------------------------------------

  /**
   * A virtual server, as the PCE discovers them from load balancers: 20.1 has no endpoint that
   * creates one, so tests add them here. Rules may name it as a provider.
   */
  public addVirtualServer(name: string): string {
    const id = randomUUID();
    this.store.write(() => this.virtualServers.create(id, { id, name }));
    return `/orgs/${this.org}/sec_policy/draft/${VIRTUAL_SERVERS}/${id}`;
  }

  public securityPrincipalHref(id: string): string {
    return `/orgs/${this.org}/security_principals/${id}`;
  }

  /** 20.1 security_principals_post: sid and name required. The document shows no href; the PCE's carry a UUID. */
  public createSecurityPrincipal(body: Json): StoredSecurityPrincipal {
    checkProperties(body, 'securityPrincipal', 'security_principals_post');
    const sid = requireString(body, 'sid', 'security_principals_post');
    const name = requireString(body, 'name', 'security_principals_post');
    if (this.securityPrincipals.list().some((principal) => principal.sid === sid)) {
      throw validationError(`security_principals_post: a security principal with sid ${sid} already exists`);
    }
    const id = randomUUID();
    const description = typeof body.description === 'string' ? body.description : null;
    return this.store.write(() => this.securityPrincipals.create(id, { id, sid, name, description }));
  }

  public deleteSecurityPrincipal(id: string): void {
    if (!this.securityPrincipals.has(id)) throw notFound();
    const href = this.securityPrincipalHref(id);
    const users = this.referrers(href);
    if (users.length > 0) {
      throw new PceError(406, TOKENS.objectInUse, `${href} is referenced by ${users.join(', ')}`);
    }
    this.store.write(() => this.securityPrincipals.delete(id));
  }

  // ---- provisioning ---------------------------------------------------------------------------

  public pending(): StoredPolicyObject[] {
    return POLICY_TYPES.flatMap((type) => this.objects(type, 'draft').filter((item) => item.update_type !== null));
  }

  /** The draft firewall settings when they differ from active. */
  public pendingFirewallSettings(): StoredFirewallSettings | undefined {
    const draft = this.firewallSettings('draft');
    return draft.update_type === null ? undefined : draft;
  }

  public version(pversion: string): PolicyVersion {
    const latest = this.versions.size;
    const number = pversion === 'active' ? latest : /^\d+$/.test(pversion) ? Number(pversion) : NaN;
    return this.versions.get(String(number)) ?? throwError(notFound());
  }

  public listVersions(): PolicyVersion[] {
    return [...this.versions.list()].sort((a, b) => a.version - b.version);
  }

  /** Provisions `subset` (or everything pending) into a new version. */
  public provision(description: string | null, subset: ChangeSubset | undefined): PolicyVersion {
    const selection = subset === undefined
      ? { objects: this.pending(), firewallSettings: this.pendingFirewallSettings() !== undefined }
      : this.selectSubset(subset);
    if (selection.objects.length === 0 && !selection.firewallSettings) {
      throw new PceError(406, TOKENS.nothingToProvision, 'There are no pending changes to provision');
    }
    this.checkDependencies(selection);
    return this.store.write(() => this.applyVersion(description, selection));
  }

  private selectSubset(subset: ChangeSubset): Selection {
    if (typeof subset !== 'object' || subset === null || Array.isArray(subset)) {
      throw validationError('change_subset must be an object of href lists');
    }
    const pending = this.pending();
    const chosen = new Map<string, StoredPolicyObject>();
    let firewallSettings = false;
    for (const [type, items] of Object.entries(subset)) {
      for (const entry of Array.isArray(items) ? items : []) {
        const href = typeof entry?.href === 'string' ? entry.href : '';
        const target = parseHref(this.org, href);
        if (type === FIREWALL_SETTINGS && target?.kind === 'firewall_settings' && this.pendingFirewallSettings() !== undefined) {
          firewallSettings = true;
          continue;
        }
        const found = target?.kind === 'policy' && target.type === type
          ? pending.find((item) => item.type === target.type && item.id === target.id)
          : undefined;
        chosen.set(href, found ?? throwError(invalidUri(href)));
      }
    }
    return { objects: [...chosen.values()], firewallSettings };
  }

  /**
   * A version must be complete: what it provisions may only refer to what it holds (20.1
   * sec_policy/{pversion}/dependencies). Deletions need no check here: an object still referred to
   * by draft or active policy cannot be staged for deletion in the first place.
   */
  private checkDependencies(selection: Selection): void {
    const chosen = new Map(selection.objects.map((item) => [`${item.type}/${item.id}`, item]));
    const survives = (type: PolicyType, id: string): boolean => {
      const item = chosen.get(`${type}/${id}`);
      return item !== undefined ? item.update_type !== 'delete' : this.activeTables[type].has(id);
    };
    const problems: string[] = [];
    const check = (href: string, body: Set<string>): void => {
      for (const target of this.policyTargets(body)) {
        if (!survives(target.type, target.id)) {
          problems.push(`${href} depends on ${this.policyHref(target.type, target.id)}, which is not provisioned`);
        }
      }
    };
    for (const item of selection.objects.filter((entry) => entry.update_type !== 'delete')) {
      check(this.policyHref(item.type, item.id), this.hrefsOf(item));
    }
    if (selection.firewallSettings) {
      check(this.firewallSettingsHref(), referencedHrefs(this.firewallSettings('draft').body));
    }
    if (problems.length > 0) {
      throw new PceError(406, TOKENS.provisionDependency, `${problems.join('; ')}; provision the dependencies together`);
    }
  }

  private applyVersion(description: string | null, selection: Selection): PolicyVersion {
    for (const item of selection.objects) {
      if (item.update_type === 'delete') {
        this.activeTables[item.type].delete(item.id);
        this.draftTables[item.type].delete(item.id);
        continue;
      }
      const provisioned: StoredPolicyObject = { ...item, update_type: null, rules: item.rules?.map((rule) => ({ ...rule, update_type: null })) };
      this.activeTables[item.type].put(item.id, provisioned);
      this.draftTables[item.type].put(item.id, provisioned);
    }
    if (selection.firewallSettings) {
      const provisioned = { ...this.firewallSettings('draft'), update_type: null };
      this.firewallTables.active.put(FIREWALL_SETTINGS, provisioned);
      this.firewallTables.draft.put(FIREWALL_SETTINGS, provisioned);
    }
    const number = this.versions.size + 1;
    const snapshot = POLICY_TYPES.map((type) => [type, sortBySeq(this.activeTables[type].list())]);
    const objects = Object.fromEntries(snapshot) as Record<PolicyType, StoredPolicyObject[]>;
    return this.versions.create(String(number), {
      version: number, commit_message: description, created_at: timestamp(), objects, firewall_settings: this.firewallSettings('active'),
    });
  }

  // ---- references ----------------------------------------------------------------------------

  /** Every href must name a live label, a draft object not pending deletion, a virtual server or a security principal. */
  private checkReferences(body: Json): void {
    for (const href of referencedHrefs(body)) {
      if (!this.isLive(parseHref(this.org, href))) {
        throw invalidUri(href);
      }
    }
  }

  private isLive(target: HrefTarget | undefined): boolean {
    switch (target?.kind) {
      case 'label': return this.labels.get(target.id)?.deleted === false;
      case 'policy': return this.isLiveDraft(target.type, target.id);
      case 'virtual_server': return this.virtualServers.has(target.id);
      case 'security_principal': return this.securityPrincipals.has(target.id);
      default: return false;
    }
  }

  private hrefsOf(item: StoredPolicyObject): Set<string> {
    const found = referencedHrefs(item.body);
    item.rules?.forEach((rule) => referencedHrefs(rule.body, found));
    return found;
  }

  private policyTargets(hrefs: Set<string>): Array<{ type: PolicyType; id: string }> {
    return [...hrefs].map((href) => parseHref(this.org, href))
      .flatMap((target) => (target?.kind === 'policy' ? [{ type: target.type, id: target.id }] : []));
  }

  /** Draft (not pending deletion) and active objects, and the firewall settings, whose bodies refer to `href`. */
  private referrers(href: string): string[] {
    const users = new Set<string>();
    for (const type of POLICY_TYPES) {
      for (const item of this.draftTables[type].list().filter((entry) => entry.update_type !== 'delete')) {
        if (this.hrefsOf(item).has(href)) {
          users.add(this.policyHref(type, item.id));
        }
      }
      for (const item of this.activeTables[type].list()) {
        if (this.hrefsOf(item).has(href)) {
          users.add(this.policyHref(type, item.id, 'active'));
        }
      }
    }
    for (const pversion of ['draft', 'active'] as const) {
      if (referencedHrefs(this.firewallSettings(pversion).body).has(href)) {
        users.add(this.firewallSettingsHref(pversion));
      }
    }
    this.referrerSources.forEach((source) => source(href).forEach((user) => users.add(user)));
    return [...users];
  }

  /** In draft and not pending deletion. */
  private isLiveDraft(type: PolicyType, id: string): boolean {
    const item = this.draftTables[type].get(id);
    return item !== undefined && item.update_type !== 'delete';
  }

  private liveDraft(type: PolicyType, id: string): StoredPolicyObject {
    return this.isLiveDraft(type, id) ? this.draftTables[type].get(id)! : throwError(notFound());
  }

  private checkNameUnique(type: PolicyType, name: unknown, self: string | undefined): void {
    if (!UNIQUE_NAMES.has(type)) {
      return;
    }
    const clash = this.draftTables[type].list().find((item) => item.body.name === name && item.id !== self);
    if (clash !== undefined) {
      throw new PceError(406, TOKENS.nameConflict, `${type} name ${String(name)} is already in use by ${this.policyHref(type, clash.id)}`);
    }
  }

  private nextId(table: string): number {
    const next = (this.counters.get(table) ?? 0) + 1;
    this.counters.set(table, next);
    return next;
  }
}

/** What one provisioning covers. */
interface Selection {
  readonly objects: readonly StoredPolicyObject[];
  readonly firewallSettings: boolean;
}

function tables(store: Store, prefix: string): Record<PolicyType, Collection<StoredPolicyObject>> {
  return Object.fromEntries(POLICY_TYPES.map((type) => [type, store.collection<StoredPolicyObject>(`${prefix}_${type}`)])) as Record<PolicyType, Collection<StoredPolicyObject>>;
}

/** An update of a never-provisioned object is still a create. */
function staged(item: StoredPolicyObject): UpdateType {
  return item.update_type === 'create' ? 'create' : 'update';
}

function sortBySeq(items: readonly StoredPolicyObject[]): StoredPolicyObject[] {
  return [...items].sort((a, b) => a.seq - b.seq);
}

function nullable(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function timestamp(): string {
  return new Date().toISOString();
}

function throwError(error: Error): never {
  throw error;
}
