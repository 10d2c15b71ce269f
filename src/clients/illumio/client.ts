import { ILLUMIO_API_PREFIX, IllumioApiError, parseIllumioErrors, toIllumioError } from './errors';
import { CreateLookup, hrefOf, matchesWritten } from './landed';
import { IllumioSettings } from './settings';
import { DRAFT_POLICY_TYPES, DraftObject, DraftPolicyType, IllumioJob, Label, LabelCreate, LabelFilter, LabelUpdate, PendingPolicy, ProvisionRequest } from './types';
import { Logger, logger, registerSecret } from '../../util/log';
import {
  abortableSleep, HttpClient, HttpRequest, HttpResponse, parseRetryAfter, QueryParams, RequestBudget,
  RetryContext, RetryOptions, SharedCollectionReader, SharedCollectionReaderOptions, Unclaimed, WriteLedger, WriteLedgerStats,
  ConnectionOptions, withConnection,
} from '../core';

/** Tuning that is not part of the user's Illumio settings. */
export interface IllumioClientOptions {
  readonly retry?: RetryOptions;
  /** The vendor block's proxy, TLS material, timeout and retries (see `withConnection`). */
  readonly connection?: ConnectionOptions;
  /** Per-attempt timeout in ms. Default 60000. */
  readonly timeoutMs?: number;
  /** Cancels every request (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** A budget shared with other clients of the same API key; built from the settings when absent. */
  readonly budget?: RequestBudget;
  /** `max_results` of a synchronous collection GET. Default 500, the PCE's default limit. */
  readonly maxResults?: number;
  /** Give up on an async collection job after this long, in ms. Default 600000. */
  readonly jobTimeoutMs?: number;
  /** Tuning of the shared collection reads behind `readShared`. */
  readonly sharedReads?: SharedCollectionReaderOptions;
}

/** The async collection job ended as `failed`, or never finished in time. */
export class IllumioJobError extends Error {
  constructor(public readonly job: IllumioJob | undefined, reason: string) {
    super(`Illumio PCE async collection query ${job?.href ?? ''} ${reason}`.replace(/ {2}/, ' '));
    this.name = 'IllumioJobError';
  }
}

const VENDOR = 'Illumio PCE';
// The PCE answers 406 with this text when a write lost the race for its database lock; nothing was applied.
const DATABASE_LOCK = /could not get a database lock/i;
const DEFAULT_MAX_RESULTS = 500;
const DEFAULT_JOB_POLL_MS = 1_000;
const MAX_JOB_POLL_MS = 30_000;
// Object types whose name is unique in the PCE (20.1 and 25.2: IP lists and rule sets "Name (must be
// unique)"), so a lost create is found again by name. Services need not have unique names (20.1: "does
// not need to be unique"); neither document says so of label groups or virtual services: those are
// found by content among the objects of their name that appeared after the create was sent.
const UNIQUE_NAME_TYPES: ReadonlySet<DraftPolicyType> = new Set<DraftPolicyType>(['ip_lists', 'rule_sets']);

/** Typed client for the PCE's policy model: labels, draft policy objects, provisioning, collections. */
export class IllumioClient {
  public readonly settings: IllumioSettings;
  private readonly http: HttpClient;
  private readonly maxResults: number;
  private readonly jobTimeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly log: Logger;
  /** Every create and provisioning goes through it: a write whose answer was lost is looked up before it is sent again. */
  private readonly ledger: WriteLedger;
  /**
   * The rule hrefs of each draft rule set (API path) as last read, each list read before any
   * create that uses it started: a rule not among them appeared later (rules have no unique key).
   */
  private readonly knownRules = new Map<string, ReadonlySet<string>>();
  /** The newest policy version this client knows of; read before its first provisioning. */
  private knownVersion: number | undefined;
  /** Numbers the identities of creates that nothing identifies (`resend`). */
  private resends = 0;
  private readonly sharedReaders = new Map<string, SharedCollectionReader<{ readonly href: string }>>();
  private readonly sharedReadOptions: SharedCollectionReaderOptions | undefined;

  constructor(settings: IllumioSettings, options: IllumioClientOptions = {}) {
    this.settings = settings;
    this.maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 600_000;
    this.sleep = options.retry?.sleep ?? abortableSleep;
    this.log = options.logger ?? logger('illumio');
    this.sharedReadOptions = options.sharedReads;
    const { retry } = options;
    this.ledger = new WriteLedger({ retry, logger: this.log.child('write-once') });
    const authorization = `Basic ${Buffer.from(`${settings.apiKeyUsername}:${settings.apiKeySecret}`).toString('base64')}`;
    registerSecret(settings.apiKeySecret);
    registerSecret(authorization);
    this.http = new HttpClient(withConnection({
      vendor: VENDOR,
      baseUrl: `${settings.host}${ILLUMIO_API_PREFIX}`,
      defaultHeaders: { authorization },
      timeoutMs: options.timeoutMs,
      tls: { caFile: settings.caFile, insecureSkipVerify: settings.insecureSkipVerify },
      retry,
      retryPredicate: illumioRetryRule,
      signal: options.signal,
      logger: this.log.child('http'),
      budget: options.budget ?? budgetFromSettings(settings, options.retry),
    }, options.connection));
  }

  /** `/orgs/{org}/{path}`, the form of every href of the org. */
  public orgPath(path: string): string {
    return `/orgs/${this.settings.orgId}/${path.replace(/^\/+/, '')}`;
  }

  // ---- collections ----

  /**
   * Every object of a collection. A synchronous GET returns at most `max_results` objects; when
   * X-Total-Count says there are more, the async collection query fetches them all.
   */
  public async list<T>(path: string, query: QueryParams = {}, signal?: AbortSignal): Promise<T[]> {
    const { value, response } = await this.json<T[]>({ method: 'GET', path, query: { ...query, max_results: this.maxResults }, signal });
    const items = value ?? [];
    const total = totalCount(response);
    if (total === undefined || items.length >= total) {
      this.noteRules(path, items);
      return items;
    }
    this.log.debug('collection larger than a synchronous GET, running an async query', { path, total, returned: items.length });
    const all = await this.listAsync<T>(path, query, signal);
    this.noteRules(path, all);
    return all;
  }

  /** How many objects match, without fetching them (`max_results=0` and X-Total-Count). */
  public async count(path: string, query: QueryParams = {}, signal?: AbortSignal): Promise<number> {
    const { response } = await this.json<unknown[]>({ method: 'GET', path, query: { ...query, max_results: 0 }, signal });
    const total = totalCount(response);
    return total ?? (await this.list<unknown>(path, query, signal)).length;
  }

  /** The async collection query: `Prefer: respond-async` -> 202 + job -> poll -> datafile. */
  public async listAsync<T>(path: string, query: QueryParams = {}, signal?: AbortSignal): Promise<T[]> {
    const accepted = await this.call(() => this.http.request({ method: 'GET', path, query, headers: { prefer: 'respond-async' }, signal }));
    if (accepted.status !== 202) {
      return parseList<T>(accepted.text); // a PCE may answer small queries at once
    }
    const location = accepted.headers.location;
    if (location === undefined) {
      throw new IllumioJobError(undefined, 'was accepted without a Location header');
    }
    const job = await this.waitForJob(this.apiPath(location), pollDelay(accepted), signal);
    const datafile = job.result?.href;
    if (datafile === undefined) {
      throw new IllumioJobError(job, 'finished without a result href');
    }
    const { value } = await this.json<T[]>({ method: 'GET', path: this.apiPath(datafile), signal });
    return value ?? [];
  }

  private async waitForJob(jobPath: string, firstDelay: number, signal: AbortSignal | undefined): Promise<IllumioJob> {
    const deadline = Date.now() + this.jobTimeoutMs;
    let delay = firstDelay;
    for (;;) {
      await this.sleep(delay, signal);
      const { value, response } = await this.json<IllumioJob>({ method: 'GET', path: jobPath, signal });
      if (value?.status === 'done') {
        return value;
      }
      if (value?.status === 'failed') {
        throw new IllumioJobError(value, 'failed');
      }
      if (Date.now() > deadline) {
        throw new IllumioJobError(value, `did not finish within ${this.jobTimeoutMs} ms`);
      }
      delay = pollDelay(response, delay);
    }
  }

  // ---- labels ----

  /** Labels matching the filter. The PCE matches `value` partially; exact matches only unless asked. */
  public async listLabels(filter: LabelFilter = {}, signal?: AbortSignal): Promise<Label[]> {
    const query: QueryParams = { key: filter.key, value: filter.value, include_deleted: filter.includeDeleted ? true : undefined };
    const labels = await this.list<Label>(this.orgPath('labels'), query, signal);
    return labels.filter((label) => matchesLabel(label, filter));
  }

  /** One label; undefined when the PCE does not know the href (404). */
  public async getLabel(href: string, signal?: AbortSignal): Promise<Label | undefined> {
    return this.getByHref<Label>(href, signal);
  }

  /** Creates a label; a create whose answer was lost is found by its unique key and value instead of repeated. */
  public async createLabel(label: LabelCreate, signal?: AbortSignal): Promise<Label> {
    this.invalidateShared(this.orgPath('labels'));
    return this.createOnce(`label ${label.key}=${label.value}`, this.orgPath('labels'), label, {
      byKey: () => this.listLabels({ key: label.key, value: label.value }, signal), // exact value: the PCE matches it partially
    }, signal);
  }

  /** Changes a label (PUT, 204: the PCE returns nothing; read it again for the new state). */
  public async updateLabel(href: string, update: LabelUpdate, signal?: AbortSignal): Promise<void> {
    await this.put(href, update, signal);
  }

  /** Deletes a label; false when it was already gone (404). */
  public async deleteLabel(href: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteByHref(href, signal);
  }

  // ---- draft policy objects ----

  /** Objects of one draft collection, with the PCE's own filters (e.g. `name`, partial match). */
  public async listDrafts<T extends DraftObject = DraftObject>(type: DraftPolicyType, query: QueryParams = {}, signal?: AbortSignal): Promise<T[]> {
    return this.list<T>(draftPath(this, type), query, signal);
  }

  /** The draft object with exactly this name, or undefined. */
  public async findDraftByName<T extends DraftObject = DraftObject>(
    type: DraftPolicyType, name: string, signal?: AbortSignal,
  ): Promise<T | undefined> {
    return (await this.listDrafts<T>(type, { name }, signal)).find((object) => object.name === name);
  }

  /**
   * Creates a draft object. A create whose answer was lost is found by name where names are
   * unique, else by content among the objects of its name that appeared since it was sent.
   */
  public async createDraft<T extends DraftObject = DraftObject>(
    type: DraftPolicyType, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
  ): Promise<T> {
    this.invalidateShared(draftPath(this, type));
    const name = typeof body.name === 'string' ? body.name : '';
    const named = async (): Promise<T[]> => (await this.listDrafts<T>(type, { name }, signal)).filter((object) => object.name === name);
    const lookup: CreateLookup<T> = UNIQUE_NAME_TYPES.has(type) ? { byKey: named } : { byContent: named };
    const created = await this.createOnce(`${type} "${name}"`, draftPath(this, type), body, lookup, signal);
    this.noteRules(draftPath(this, type), [created]);
    return created;
  }

  public async getDraft<T extends DraftObject = DraftObject>(href: string, signal?: AbortSignal): Promise<T | undefined> {
    return this.getByHref<T>(href, signal);
  }

  public async updateDraft(href: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<void> {
    await this.put(href, body, signal);
  }

  /** Deletes a draft object (a provisioned one becomes a pending deletion); false when already gone. */
  public async deleteDraft(href: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteByHref(href, signal);
  }

  // ---- security rules (sec_policy/draft/rule_sets/:id/sec_rules) ----

  /**
   * Creates a security rule in a draft rule set. Rules have no unique key: a create whose answer
   * was lost is the rule of the rule set with the body sent that is not among the rules known
   * before the create and that no other create of this client has taken. The rules known before
   * come from this client's earlier reads of the rule set (its create, a refresh); only a rule set
   * this client has never read costs one read of its rules first.
   */
  public async createRule<T extends DraftObject = DraftObject>(
    ruleSetHref: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
  ): Promise<T> {
    const ruleSet = this.apiPath(ruleSetHref);
    const rules = `${ruleSet}/sec_rules`;
    this.invalidateShared(collectionOf(ruleSet));
    const before = this.knownRules.get(ruleSet) ?? new Set((await this.list<DraftObject>(rules, {}, signal)).map(hrefOf));
    return this.ledger.write({
      what: `security rule in ${ruleSet}`,
      send: () => this.post<T>(rules, body, signal),
      findLanded: async (unclaimed) => {
        const appeared = (await this.list<T>(rules, {}, signal)).filter((rule) => !before.has(rule.href) && matchesWritten(body, rule));
        return unclaimed(appeared, hrefOf)[0]; // the PCE lists rules in creation order
      },
      idOf: hrefOf,
    });
  }

  /** Changes a security rule (204); its rule set's shared reads are invalidated with it. */
  public async updateRule(ruleHref: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<void> {
    this.invalidateShared(collectionOf(ruleSetOf(this.apiPath(ruleHref))));
    await this.put(ruleHref, body, signal);
  }

  /** Deletes a security rule from draft (its rule set becomes pending); false when already gone. */
  public async deleteRule(ruleHref: string, signal?: AbortSignal): Promise<boolean> {
    this.invalidateShared(collectionOf(ruleSetOf(this.apiPath(ruleHref))));
    return this.deleteByHref(ruleHref, signal);
  }

  // ---- provisioning ----

  /** The draft changes not yet provisioned. */
  public async pending(signal?: AbortSignal): Promise<PendingPolicy> {
    const { value } = await this.json<PendingPolicy>({ method: 'GET', path: this.orgPath('sec_policy/pending'), signal });
    return value ?? {};
  }

  /**
   * Provisions the subset (or everything pending) into a new policy version; returns its href.
   * Exactly once: when the answer is lost, the versions newer than the one known before the post
   * are read (newest first); one with this commit message is the post's own and is returned,
   * else the post is sent again. The version known before is the one this client last
   * provisioned, or the active one read before the first provisioning.
   */
  public async provision(request: ProvisionRequest, signal?: AbortSignal): Promise<string> {
    const body = { update_description: request.description, change_subset: request.changeSubset };
    const before = this.knownVersion ?? (await this.activeVersion(signal))?.version ?? 0;
    try {
      const href = await this.ledger.write({
        what: `policy version "${request.description}"`,
        send: async () => versionHref(await this.post<PolicyVersion>(this.orgPath('sec_policy'), body, signal)),
        findLanded: async (unclaimed) => unclaimed(await this.versionsSince(before, request.description, signal), (version) => version)[0],
        idOf: (version) => version,
      });
      this.knownVersion = Math.max(this.knownVersion ?? before, versionNumber(href) ?? 0);
      return href;
    } finally {
      // Provisioning changes the update_type of every object it covers: no cached read stays valid.
      for (const reader of this.sharedReaders.values()) reader.invalidate();
    }
  }

  /** The active policy version; undefined before the first provisioning (404). */
  private async activeVersion(signal?: AbortSignal): Promise<{ readonly version: number; readonly commitMessage: unknown } | undefined> {
    const active = await this.getByHref<PolicyVersion>(this.orgPath('sec_policy/active'), signal);
    const version = Number(active?.version);
    return Number.isInteger(version) ? { version, commitMessage: active?.commit_message } : undefined;
  }

  /** Hrefs of the versions after `after` with this commit message, newest first (a lost post's own is among the newest). */
  private async versionsSince(after: number, description: string, signal?: AbortSignal): Promise<string[]> {
    const active = await this.activeVersion(signal);
    const found: string[] = [];
    for (let number = active?.version ?? 0; number > after; number--) {
      const message = number === active!.version
        ? active!.commitMessage // defined: the loop only runs when there is an active version
        : (await this.getByHref<PolicyVersion>(this.orgPath(`sec_policy/${number}`), signal))?.commit_message;
      if (message === description) found.push(this.orgPath(`sec_policy/${number}`));
    }
    return found;
  }

  // ---- org objects outside the draft policy (workloads, pairing, containers, settings, RBAC) ----

  /**
   * Creates an object of an org collection (POST, 201 with the object). A create whose answer was
   * lost is looked up as `lookup` says (by unique key, or by content) before it is sent again.
   */
  public async createObject<T>(collectionPath: string, body: unknown, lookup: CreateLookup<T>, signal?: AbortSignal): Promise<T> {
    const path = this.apiPath(collectionPath);
    return this.createOnce(`${path.replace(/^\/orgs\/[^/]+\//, '')} object`, path, body, lookup, signal);
  }

  /** Marks an object this client created outside the ledger (a bulk create) as its own, so no lookup adopts it. */
  public claimCreated(href: string): void {
    this.ledger.claimId(href);
  }

  /** Whether a create of this client has already taken this object as its own. */
  public isClaimed(href: string): boolean {
    return this.ledger.isClaimed(href);
  }

  /** How this client's creates and provisionings went through lost answers. */
  public get writeStats(): Readonly<WriteLedgerStats> {
    return this.ledger.stats;
  }

  /** Any object by href (also root paths such as `/health`); undefined when the PCE answers 404. */
  public async getObject<T>(href: string, signal?: AbortSignal): Promise<T | undefined> {
    return this.getByHref<T>(href, signal);
  }

  /** Changes an object, or sends a bulk endpoint its list (PUT, 204); read it again for its new state. */
  public async updateObject(href: string, body: unknown, signal?: AbortSignal): Promise<void> {
    await this.put(href, body, signal);
  }

  /**
   * Sends a bulk create (PUT, 20.1: 204 without a body; a 25.x PCE may answer with the items'
   * hrefs) and returns what the answer holds. Not repeated after a lost answer: the caller finds
   * out whether the batch landed before sending it again.
   */
  public async bulkCreate(path: string, items: readonly unknown[], signal?: AbortSignal): Promise<unknown> {
    this.invalidateShared(collectionOf(this.apiPath(path)));
    const response = await this.call(() => this.http.request({ method: 'PUT', path: this.apiPath(path), json: items, idempotent: false, signal }));
    try {
      return response.text.trim() === '' ? undefined : JSON.parse(response.text) as unknown;
    } catch {
      return undefined; // an answer without JSON carries no hrefs: they are looked up
    }
  }

  /**
   * Changes an object and returns it as it now is (the PCE answers a PUT with 204 and no body).
   * `what` names the object in the error when the PCE no longer returns it.
   */
  public async updateObjectAndRead<T>(href: string, body: unknown, what: string, signal?: AbortSignal): Promise<T> {
    await this.updateObject(href, body, signal);
    const updated = await this.getObject<T>(href, signal);
    if (!updated) throw new Error(`The PCE updated ${what} ${href} but no longer returns it`);
    return updated;
  }

  /** Deletes an object; false when it was already gone (404). */
  public async deleteObject(href: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteByHref(href, signal);
  }

  /** Closes pooled connections. */
  public async close(): Promise<void> {
    await this.http.close();
  }

  // ---- shared reads ----

  /**
   * Reads an object by href through a collection read shared by concurrent and recent reads of
   * the same type (labels, draft policy objects): refreshing N objects costs a few requests, not N.
   * Undefined when the PCE does not know the href. Writes through this client invalidate it.
   */
  public async readShared<T extends { readonly href: string }>(href: string): Promise<T | undefined> {
    const path = this.apiPath(href);
    const collection = collectionOf(path);
    if (!this.isSharedCollection(collection)) {
      return this.getByHref<T>(path);
    }
    return (await this.sharedReader(collection).get(path)) as T | undefined; // the reader of this collection only holds its own type
  }

  private sharedReader(collection: string): SharedCollectionReader<{ readonly href: string }> {
    let reader = this.sharedReaders.get(collection);
    if (reader === undefined) {
      reader = new SharedCollectionReader(
        (href) => this.getByHref<{ readonly href: string }>(href),
        () => this.list<{ readonly href: string }>(collection),
        this.sharedReadOptions,
      );
      this.sharedReaders.set(collection, reader);
    }
    return reader;
  }

  private isSharedCollection(collection: string): boolean {
    return collection === this.orgPath('labels') || DRAFT_POLICY_TYPES.some((type) => collection === draftPath(this, type));
  }

  private invalidateShared(collection: string): void {
    this.sharedReaders.get(collection)?.invalidate();
  }

  // ---- plumbing ----

  /** An href or Location as the PCE sends it (relative, absolute, with or without /api/v2) as a path below /api/v2. */
  public apiPath(hrefOrUrl: string): string {
    const path = /^https?:\/\//i.test(hrefOrUrl) ? new URL(hrefOrUrl).pathname : hrefOrUrl;
    return path.startsWith(`${ILLUMIO_API_PREFIX}/`) ? path.slice(ILLUMIO_API_PREFIX.length) : path;
  }

  private async getByHref<T>(href: string, signal?: AbortSignal): Promise<T | undefined> {
    const path = this.apiPath(href);
    const { value, response } = await this.json<T>({ method: 'GET', path, acceptStatus: [404], signal });
    if (response.status === 404) return undefined;
    if (value !== undefined && collectionOf(path) === draftPath(this, 'rule_sets')) this.noteRules(collectionOf(path), [value]);
    return value;
  }

  private async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const { value } = await this.json<T>({ method: 'POST', path, json: body, signal });
    if (value === undefined) {
      throw new Error(`Illumio PCE returned no object after POST ${path}`);
    }
    return value;
  }

  private async put(href: string, body: unknown, signal?: AbortSignal): Promise<void> {
    this.invalidateShared(collectionOf(this.apiPath(href)));
    await this.call(() => this.http.request({ method: 'PUT', path: this.apiPath(href), json: body, signal }));
  }

  /**
   * Deletes; false when the object was already gone: 404, or 406 with an `*_already_deleted` or
   * not-found token (a label is soft-deleted, and a second DELETE, e.g. the core's retry after a
   * lost answer, gets `label_already_deleted`).
   */
  private async deleteByHref(href: string, signal?: AbortSignal): Promise<boolean> {
    this.invalidateShared(collectionOf(this.apiPath(href)));
    try {
      const response = await this.call(() => this.http.request({ method: 'DELETE', path: this.apiPath(href), acceptStatus: [404], signal }));
      return response.status !== 404;
    } catch (error) {
      if (error instanceof IllumioApiError && error.status === 406 && error.tokens.some(isAlreadyGoneToken)) {
        return false;
      }
      throw error;
    }
  }

  /** Sends a create through the ledger, with the lookup that finds it again after a lost answer. */
  private async createOnce<T>(what: string, path: string, body: unknown, lookup: CreateLookup<T>, signal?: AbortSignal): Promise<T> {
    const send = (): Promise<T> => this.post<T>(path, body, signal);
    if (lookup === 'resend') {
      return this.ledger.write({ what, send, findLanded: async () => undefined, idOf: () => `${what} ${++this.resends}` });
    }
    if ('byKey' in lookup) {
      return this.ledger.write({ what, send, findLanded: async (unclaimed) => unclaimed(await lookup.byKey(), hrefOf)[0], idOf: hrefOf });
    }
    const before = new Set((await lookup.byContent()).map(hrefOf));
    const findLanded = async (unclaimed: Unclaimed): Promise<T | undefined> => {
      const appeared = (await lookup.byContent()).filter((object) => !before.has(hrefOf(object)) && matchesWritten(body, object));
      const landed = unclaimed(appeared, hrefOf)[0];
      if (landed === undefined || lookup.discard === undefined) return landed;
      await lookup.discard(landed);
      return undefined; // sent again
    };
    return this.ledger.write({ what, send, findLanded, idOf: hrefOf });
  }

  /** Keeps the rule hrefs of draft rule sets read in a collection (rule sets, or one rule set's sec_rules). */
  private noteRules(path: string, items: readonly unknown[]): void {
    if (path === draftPath(this, 'rule_sets')) {
      for (const ruleSet of items as readonly DraftObject[]) {
        if (Array.isArray(ruleSet.rules)) this.knownRules.set(this.apiPath(ruleSet.href), new Set(ruleSet.rules.map(hrefOf)));
      }
    } else if (path.startsWith(`${draftPath(this, 'rule_sets')}/`) && path.endsWith('/sec_rules')) {
      this.knownRules.set(ruleSetOf(path), new Set(items.map(hrefOf)));
    }
  }

  private async json<T>(request: HttpRequest): Promise<{ readonly value: T | undefined; readonly response: HttpResponse }> {
    return this.call(() => this.http.requestJson<T>(request));
  }

  /** Runs a core request, turning its ApiError into an IllumioApiError with the PCE's tokens. */
  private async call<R>(send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } catch (error) {
      throw toIllumioError(error);
    }
  }
}

/**
 * Illumio's retry rules on top of the core's: a 406 "could not get a database lock" means the
 * write was not applied and may be sent again; any other 406 is a definite answer.
 */
export function illumioRetryRule(context: RetryContext): boolean | undefined {
  if (context.status !== 406) {
    return undefined;
  }
  return isDatabaseLockError(context.body ?? '');
}

/** Whether an error body is the PCE's database lock conflict. */
export function isDatabaseLockError(body: string): boolean {
  const entries = parseIllumioErrors(body);
  if (entries.length === 0) {
    return DATABASE_LOCK.test(body);
  }
  return entries.some((entry) => DATABASE_LOCK.test(entry.message) || DATABASE_LOCK.test(entry.token));
}

/** Whether an IllumioApiError carries this token (convenience for handlers). */
export function hasIllumioToken(error: unknown, token: string): boolean {
  return error instanceof IllumioApiError && error.hasToken(token);
}

function budgetFromSettings(settings: IllumioSettings, retry: RetryOptions | undefined): RequestBudget | undefined {
  if (settings.requestsPerMinute <= 0) {
    return undefined;
  }
  return new RequestBudget({ requestsPerMinute: settings.requestsPerMinute, sleep: retry?.sleep, name: 'the PCE\'s rate limit' });
}

/** A policy version as `GET sec_policy/{pversion}` and the provisioning POST return it. */
interface PolicyVersion {
  readonly href?: string;
  readonly version?: number | string;
  readonly commit_message?: string | null;
}

function versionHref(version: PolicyVersion): string {
  if (typeof version.href !== 'string') {
    throw new Error('Illumio PCE returned no policy version href after provisioning');
  }
  return version.href;
}

/** `/orgs/1/sec_policy/14` -> 14. */
function versionNumber(href: string): number | undefined {
  const match = /\/sec_policy\/(\d+)$/.exec(href);
  return match ? Number(match[1]) : undefined;
}

/** A 406 token saying the object of a DELETE no longer exists (`label_already_deleted`, `not_found`...). */
function isAlreadyGoneToken(token: string): boolean {
  return token.endsWith('_already_deleted') || token === 'not_found' || token === 'not_found_error';
}

function draftPath(client: IllumioClient, type: DraftPolicyType): string {
  return client.orgPath(`sec_policy/draft/${type}`);
}

/** The rule set href of a security rule href (`.../rule_sets/7/sec_rules/3` -> `.../rule_sets/7`). */
export function ruleSetOf(ruleHref: string): string {
  return ruleHref.replace(/\/sec_rules\/[^/]+$/, '');
}

/** The collection an href belongs to: the href without its last segment. */
function collectionOf(path: string): string {
  return path.replace(/\/[^/]*$/, '');
}

function matchesLabel(label: Label, filter: LabelFilter): boolean {
  if (filter.key !== undefined && label.key !== filter.key) {
    return false;
  }
  return filter.value === undefined || filter.partialValueMatch === true || label.value === filter.value;
}

function totalCount(response: HttpResponse): number | undefined {
  const header = response.headers['x-total-count'];
  const total = header === undefined ? NaN : Number(header);
  return Number.isInteger(total) && total >= 0 ? total : undefined;
}

function pollDelay(response: HttpResponse, fallback = DEFAULT_JOB_POLL_MS): number {
  const retryAfter = parseRetryAfter(response.headers['retry-after']);
  return Math.min(retryAfter ?? fallback, MAX_JOB_POLL_MS);
}

function parseList<T>(text: string): T[] {
  const parsed: unknown = text.trim() === '' ? [] : JSON.parse(text);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}
