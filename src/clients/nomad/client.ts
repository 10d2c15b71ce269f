import { NomadSettings } from './settings';
import {
  AclAuthMethodStub,
  AclBindingRule,
  AclBindingRuleResponse,
  AclBindingRuleStub,
  NomadQueryOptions,
  NomadQueryResult,
} from './types';
import { Logger, logger, registerSecret } from '../../util/log';
import {
  ApiError, HttpClient, HttpResponse, QueryParams, RetryContext, RetryOptions, SharedCollectionReader, SharedCollectionReaderOptions, Unclaimed,
  WriteLedger, ConnectionOptions, withConnection,
} from '../core';

export * from './types';
export * from './settings';

/** Tuning that is not part of the user's Nomad settings. */
export interface NomadClientOptions {
  readonly retry?: RetryOptions;
  /** The vendor block's proxy, TLS material, timeout and retries (see `withConnection`). */
  readonly connection?: ConnectionOptions;
  /** Per-attempt timeout in ms (blocking queries get their wait added). Default 60000. */
  readonly timeoutMs?: number;
  /** Cancels every request (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** How reads of many rules share one list of stubs (see `getBindingRuleIfChanged`). */
  readonly sharedReads?: SharedCollectionReaderOptions<AclBindingRuleStub>;
}

/** What `getBindingRuleIfChanged` found. */
export type BindingRuleCheck =
  | { readonly status: 'unchanged' }
  | { readonly status: 'changed'; readonly rule: AclBindingRuleResponse }
  | { readonly status: 'gone' };

const VENDOR = 'Nomad';
// Nomad answers a delete of an unknown rule with this 500 (state store error passed through raft).
const RULE_NOT_FOUND = 'ACL binding rule not found';
// Returned by the RPC forwarder before anything is applied, so even a create can be retried.
const NO_LEADER = 'No cluster leader';
const NO_REGION_PATH = 'No path to region';
const BLOCKING_MARGIN_MS = 5_000;
const DETAIL_CONCURRENCY = 4;

/** Typed client for Nomad's ACL binding rule and auth method endpoints. */
export class NomadClient {
  public readonly settings: NomadSettings;
  private readonly http: HttpClient;
  private readonly timeoutMs: number;
  // Stubs by ID; a rule the list lacks (created since) is read in full, which is a stub too.
  private readonly ruleIndexes: SharedCollectionReader<AclBindingRuleStub>;
  /** Creates whose answer was lost are looked up here before anything is sent again. */
  public readonly writes: WriteLedger;
  // The highest Raft index this client has seen of the binding rule table: every rule created
  // after it was read has a higher CreateIndex, so a lost create is told from older rules.
  private seenIndex = 0;
  private seenIndexRead: Promise<number> | undefined;

  constructor(settings: NomadSettings, options: NomadClientOptions = {}) {
    this.settings = settings;
    // Blocking queries add their wait to this, so the block's request_timeout is needed here too.
    this.timeoutMs = options.connection?.timeoutMs ?? options.timeoutMs ?? 60_000;
    this.ruleIndexes = new SharedCollectionReader<AclBindingRuleStub>(
      (id) => this.getBindingRule(id),
      () => this.listBindingRules(),
      // Terraform sends a refresh's first reads within a millisecond or two: a short gathering window.
      { keyOf: (stub) => stub.ID, windowMs: 2, ...options.sharedReads },
    );
    registerSecret(settings.token);
    const log = options.logger ?? logger('nomad');
    this.writes = new WriteLedger({ retry: options.retry, logger: log.child('write-once') });
    this.http = new HttpClient(withConnection({
      vendor: VENDOR,
      baseUrl: settings.address,
      defaultHeaders: settings.token ? { 'X-Nomad-Token': settings.token } : {},
      timeoutMs: this.timeoutMs,
      tls: {
        caFile: settings.caFile,
        caPath: settings.caPath,
        certFile: settings.certFile,
        keyFile: settings.keyFile,
        insecureSkipVerify: settings.skipVerify,
        serverName: settings.tlsServerName,
      },
      retry: options.retry,
      retryPredicate: nomadRetryRule,
      // Nomad's error bodies are text/plain sentences: show them as they are.
      errorMessage: (body) => body.trim() || undefined,
      signal: options.signal,
      logger: log,
    }, options.connection));
  }

  /** Lists the stubs of every binding rule (ID, Description, AuthMethod, indexes). */
  public async listBindingRules(signal?: AbortSignal): Promise<AclBindingRuleStub[]> {
    return (await this.queryBindingRules({ signal })).value;
  }

  /** Lists binding rule stubs with query metadata; supports blocking queries. */
  public async queryBindingRules(options: NomadQueryOptions = {}): Promise<NomadQueryResult<AclBindingRuleStub[]>> {
    const { value, response } = await this.query<AclBindingRuleStub[]>('/v1/acl/binding-rules', options);
    return withMeta(value ?? [], response);
  }

  /**
   * Every rule in full (the list endpoint only returns stubs without Selector, BindType and
   * BindName): lists, then reads each rule, a few at a time. Rules deleted in between are skipped.
   */
  public async listBindingRulesDetailed(signal?: AbortSignal): Promise<AclBindingRuleResponse[]> {
    const stubs = await this.listBindingRules(signal);
    const rules: Array<AclBindingRuleResponse | undefined> = new Array(stubs.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < stubs.length; i = next++) {
        rules[i] = await this.getBindingRule(stubs[i]!.ID, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, stubs.length) }, worker));
    return rules.filter((rule): rule is AclBindingRuleResponse => rule !== undefined);
  }

  /** Reads one rule; undefined when Nomad does not know the ID. */
  public async getBindingRule(id: string, signal?: AbortSignal): Promise<AclBindingRuleResponse | undefined> {
    return (await this.queryBindingRule(id, { signal })).value;
  }

  /**
   * Reads a rule unless its ModifyIndex is still `knownIndex` (Nomad raises it with every write
   * of the rule). Concurrent and recent calls share one list of stubs, which carry ModifyIndex,
   * so refreshing N unchanged rules costs one request instead of N; a changed rule is then read
   * in full. The list is kept for later calls until its TTL ends or this client writes a rule.
   */
  public async getBindingRuleIfChanged(id: string, knownIndex: number, signal?: AbortSignal): Promise<BindingRuleCheck> {
    const seen = await this.ruleIndexes.get(id);
    if (seen === undefined) return { status: 'gone' };
    if (seen.ModifyIndex === knownIndex) return { status: 'unchanged' };
    const rule = isFullRule(seen) ? seen : await this.getBindingRule(id, signal);
    return rule === undefined ? { status: 'gone' } : { status: 'changed', rule };
  }

  /** Reads one rule with query metadata; supports blocking queries (returns when the rule changes). */
  public async queryBindingRule(id: string, options: NomadQueryOptions = {}): Promise<NomadQueryResult<AclBindingRuleResponse | undefined>> {
    const { value, response } = await this.query<AclBindingRuleResponse>(rulePath(id), options, [404]);
    return withMeta(response.status === 404 ? undefined : value, response);
  }

  /**
   * Creates a rule; Nomad assigns ID, times and indexes. A create whose answer was lost is looked
   * up before it is sent again: a rule with the same fields created after the index this client
   * read before sending, and not already another write's (rules have no unique key).
   */
  public async createBindingRule(rule: AclBindingRule, signal?: AbortSignal): Promise<AclBindingRuleResponse> {
    const fields = writableFields(rule);
    return this.ruleIndexes.writing(async () => {
      const before = await this.indexBeforeWrite(signal);
      return this.writes.write({
        what: `binding rule for ${fields.AuthMethod}`,
        send: async () => {
          const { value, response } = await this.http.requestJson<AclBindingRuleResponse>({
            method: 'PUT',
            path: '/v1/acl/binding-rule',
            query: this.regionQuery(),
            json: fields,
            // PUT, but not idempotent: a repeat would create a second rule with a new ID.
            idempotent: false,
            signal,
          });
          this.sawIndex(response);
          return requireBody(value, 'create');
        },
        findLanded: (unclaimed) => this.findCreatedRule(fields, before, unclaimed, signal),
        idOf: (created) => created.ID,
      });
    });
  }

  /** The oldest unclaimed rule with these fields created after index `after`, read in full. */
  private async findCreatedRule(
    fields: Record<string, string>, after: number, unclaimed: Unclaimed, signal?: AbortSignal,
  ): Promise<AclBindingRuleResponse | undefined> {
    const stubs = unclaimed(await this.listBindingRules(signal), (stub) => stub.ID)
      .filter((stub) => stub.CreateIndex > after && stub.AuthMethod === fields.AuthMethod && (stub.Description ?? '') === fields.Description)
      .sort((a, b) => a.CreateIndex - b.CreateIndex);
    for (const stub of stubs) {
      const candidate = await this.getBindingRule(stub.ID, signal);
      if (candidate !== undefined && Object.entries(fields).every(([name, value]) => (candidate[name as keyof AclBindingRule] ?? '') === value)) {
        return candidate;
      }
    }
    return undefined;
  }

  /** An index no older than the binding rule table's when the write is sent: one list read per client at most. */
  private async indexBeforeWrite(signal?: AbortSignal): Promise<number> {
    if (this.seenIndex > 0) return this.seenIndex;
    this.seenIndexRead ??= this.queryBindingRules({ signal }).then((result) => result.index).finally(() => {
      this.seenIndexRead = undefined;
    });
    return Math.max(await this.seenIndexRead, this.seenIndex);
  }

  private sawIndex(response: HttpResponse): void {
    const index = Number(response.headers['x-nomad-index'] ?? 0);
    if (Number.isSafeInteger(index) && index > this.seenIndex) this.seenIndex = index;
  }

  /**
   * Replaces a rule's fields. The whole object is sent every time because Nomad overwrites
   * Description and Selector with what it receives (empty when omitted).
   */
  public async updateBindingRule(rule: AclBindingRule, signal?: AbortSignal): Promise<AclBindingRuleResponse> {
    const id = requireId(rule.ID);
    const { value } = await this.ruleIndexes.writing(() => this.http.requestJson<AclBindingRuleResponse>({
      method: 'PUT',
      path: rulePath(id),
      query: this.regionQuery(),
      json: { ID: id, ...writableFields(rule) },
      signal,
    }));
    return requireBody(value, 'update');
  }

  /**
   * Deletes a rule. Resolves false when it was already gone (Nomad answers 500 "ACL binding rule
   * not found"). When the answers to every attempt were lost or failed, a read decides: a rule
   * that is gone was deleted.
   */
  public async deleteBindingRule(id: string, signal?: AbortSignal): Promise<boolean> {
    return this.ruleIndexes.writing(() => this.writes.confirmed({
      what: `delete of binding rule ${id}`,
      send: () => this.sendDelete(id, signal),
      inEffect: async () => ((await this.getBindingRule(id, signal)) === undefined ? true : undefined),
    }));
  }

  private async sendDelete(id: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.request({
        method: 'DELETE',
        path: rulePath(id),
        query: this.regionQuery(),
        retryPredicate: (context) => (isRuleNotFound(context.status, context.body) ? false : undefined),
        signal,
      });
      return true;
    } catch (error) {
      if (error instanceof ApiError && isRuleNotFound(error.status, error.body)) {
        return false;
      }
      throw error;
    }
  }

  /** Lists the configured auth methods (Nomad serves this list without a token). */
  public async listAuthMethods(signal?: AbortSignal): Promise<AclAuthMethodStub[]> {
    const { value } = await this.query<AclAuthMethodStub[]>('/v1/acl/auth-methods', { signal });
    return value ?? [];
  }

  /** Closes pooled connections. */
  public async close(): Promise<void> {
    await this.http.close();
  }

  private async query<T>(path: string, options: NomadQueryOptions, acceptStatus?: readonly number[]) {
    const blocking = options.index !== undefined && options.index > 0;
    const query: QueryParams = {
      ...this.regionQuery(),
      index: blocking ? options.index : undefined,
      wait: blocking && options.waitMs !== undefined ? `${Math.max(0, Math.round(options.waitMs))}ms` : undefined,
      stale: options.stale ? 'true' : undefined,
    };
    const answer = await this.http.requestJson<T>({
      method: 'GET',
      path,
      query,
      acceptStatus,
      signal: options.signal,
      timeoutMs: blocking ? this.blockingTimeout(options.waitMs) : undefined,
    });
    if (path.startsWith('/v1/acl/binding-rule')) this.sawIndex(answer.response);
    return answer;
  }

  /** A blocking query may legitimately hold the connection for wait + wait/16 jitter. */
  private blockingTimeout(waitMs: number | undefined): number {
    const wait = Math.min(waitMs ?? 300_000, 300_000);
    return Math.max(this.timeoutMs, wait + wait / 16 + BLOCKING_MARGIN_MS);
  }

  private regionQuery(): QueryParams {
    return this.settings.region ? { region: this.settings.region } : {};
  }
}

function isFullRule(rule: AclBindingRuleStub | AclBindingRuleResponse): rule is AclBindingRuleResponse {
  return 'BindType' in rule;
}

/** Nomad-specific retry rules on top of the core's defaults. */
function nomadRetryRule(context: RetryContext): boolean | undefined {
  if (context.status !== 500) {
    return undefined;
  }
  const body = context.body ?? '';
  if (body.includes(NO_LEADER)) {
    return true;
  }
  // A wrong region is configuration, not a transient failure.
  return body.includes(NO_REGION_PATH) ? false : undefined;
}

function isRuleNotFound(status: number | undefined, body: string | undefined): boolean {
  return status === 500 && (body ?? '').trim() === RULE_NOT_FOUND;
}

/** The fields a client may set; server-owned ones (times, indexes, hash) are not sent. */
function writableFields(rule: AclBindingRule): Record<string, string> {
  return {
    Description: rule.Description ?? '',
    AuthMethod: rule.AuthMethod,
    Selector: rule.Selector ?? '',
    BindType: rule.BindType,
    BindName: rule.BindName ?? '',
  };
}

function rulePath(id: string): string {
  return `/v1/acl/binding-rule/${encodeURIComponent(requireId(id))}`;
}

function requireId(id: string | undefined): string {
  if (id === undefined || id === '') {
    throw new Error('missing ACL binding rule ID');
  }
  return id;
}

function requireBody<T>(value: T | undefined, operation: string): T {
  if (value === undefined) {
    throw new Error(`Nomad returned no binding rule after ${operation}`);
  }
  return value;
}

function withMeta<T>(value: T, response: HttpResponse): NomadQueryResult<T> {
  return {
    value,
    index: Number(response.headers['x-nomad-index'] ?? 0),
    knownLeader: response.headers['x-nomad-knownleader'] === 'true',
    lastContactMs: Number(response.headers['x-nomad-lastcontact'] ?? 0),
  };
}
