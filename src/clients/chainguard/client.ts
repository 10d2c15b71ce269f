import { ChainguardSettings } from './settings';
import { GatewayError, Group, GRPC_CODE_NAMES, ListFilter, Subscription } from './types';
import { Uidp } from '../../chainguard/uidp';
import { Logger, logger, registerSecret } from '../../util/log';
import { ApiError, HttpClient, isAmbiguousWriteFailure, QueryParams, RetryOptions, WriteLedger, WriteLedgerStats, ConnectionOptions, withConnection } from '../core';

export * from './settings';
export * from './types';

export interface ChainguardClientOptions {
  readonly retry?: RetryOptions;
  /** The vendor block's proxy, TLS material, timeout and retries (see `withConnection`). */
  readonly connection?: ConnectionOptions;
  /** Per-attempt timeout in ms. Default 60000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

const VENDOR = 'Chainguard';
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;

/** A record that a create makes: its UIDP is its parent's plus a new SUID. */
interface Created {
  readonly id: string;
}

/** A create through the ledger, found again by content since Chainguard has no unique key. */
interface ContentCreate<T extends Created> {
  readonly what: string;
  /** Where the record lands (its parent), for the list taken before the first create there. */
  readonly scope: string;
  readonly list: () => Promise<T[]>;
  readonly matches: (item: T) => boolean;
  readonly send: () => Promise<T>;
}

/**
 * Typed client for Chainguard's events subscriptions (and the IAM groups they live in), through
 * the REST mapping of the gRPC API. There is no get and no update: a read is a filtered list.
 */
export class ChainguardClient {
  public readonly settings: ChainguardSettings;
  private readonly http: HttpClient;
  /** Creates whose answer was lost are looked up before they are sent again. */
  private readonly ledger: WriteLedger;
  /**
   * Per scope (subscriptions or groups of one parent): the UIDPs that existed before this
   * client's first create there, listed once. A lookup never adopts one of them.
   */
  private readonly existingBefore = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(settings: ChainguardSettings, options: ChainguardClientOptions = {}) {
    this.settings = settings;
    registerSecret(settings.token);
    this.http = new HttpClient(withConnection({
      vendor: VENDOR,
      baseUrl: settings.apiUrl,
      defaultHeaders: settings.token ? { Authorization: `Bearer ${settings.token}` } : {},
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      errorMessage: gatewayErrorMessage,
      signal: options.signal,
      logger: options.logger ?? logger('chainguard'),
    }, options.connection));
    this.ledger = new WriteLedger({ retry: options.retry, logger: options.logger ?? logger('chainguard') });
  }

  /** How creates whose answer was lost went. */
  public get writeStats(): WriteLedgerStats {
    return this.ledger.stats;
  }

  /**
   * Subscribes `sink` to every event of the group `parentId` and its descendants. After a lost
   * answer, a subscription of the group with this sink that is new since this client's first
   * create there and not already this process's own is the one it made.
   */
  public async createSubscription(parentId: string, sink: string, signal?: AbortSignal): Promise<Subscription> {
    const path = `/events/v1/subscriptions/${uidpPath(parentId, 'parent_id')}`;
    return this.createOnce({
      what: `subscription of ${sink} to ${parentId}`,
      scope: `subscriptions in ${parentId}`,
      list: () => this.listSubscriptions({ childrenOf: parentId }, signal),
      matches: (item) => item.sink === sink,
      send: async () => requireBody((await this.http.requestJson<Subscription>({ method: 'POST', path, json: { sink }, signal })).value, 'create subscription'),
    });
  }

  public async listSubscriptions(filter: ListFilter = {}, signal?: AbortSignal): Promise<Subscription[]> {
    const { value } = await this.http.requestJson<{ items?: Subscription[] }>({
      method: 'GET', path: '/events/v1/subscriptions', query: filterQuery(filter), signal,
    });
    return value?.items ?? [];
  }

  /** The subscription with this UIDP, or undefined when there is none (a list filtered by id). One read by id is owned: never adopted. */
  public async getSubscription(id: string, signal?: AbortSignal): Promise<Subscription | undefined> {
    uidpPath(id, 'id');
    const items = await this.listSubscriptions({ id }, signal);
    const found = items.find(item => item.id === id);
    if (found !== undefined) this.ledger.claimId(found.id);
    return found;
  }

  /** Deletes a subscription; false when Chainguard answered NotFound (already gone). */
  public async deleteSubscription(id: string, signal?: AbortSignal): Promise<boolean> {
    const path = `/events/v1/subscriptions/${uidpPath(id, 'id')}`;
    const deleted = await this.deleteRecord(path, async () => (await this.listSubscriptions({ id }, signal)).length === 0, signal);
    this.ledger.release(id);
    return deleted;
  }

  /**
   * Creates a group below `parentId` (a root group when parentId is empty). After a lost answer,
   * a group of the parent with this name that is new since this client's first create there
   * and not already this process's own is the one it made.
   */
  public async createGroup(parentId: string, group: { name: string; description?: string }, signal?: AbortSignal): Promise<Group> {
    const path = parentId === '' ? '/iam/v1/groups' : `/iam/v1/groups/${uidpPath(parentId, 'parent_id')}`;
    return this.createOnce({
      what: `group ${group.name} in ${parentId || 'the root'}`,
      scope: `groups in ${parentId}`,
      list: async () => parentId === ''
        ? (await this.listGroups({}, signal)).filter(item => Uidp.parent(item.id) === undefined)
        : this.listGroups({ childrenOf: parentId }, signal),
      matches: (item) => item.name === group.name && (item.description ?? '') === (group.description ?? ''),
      send: async () => requireBody((await this.http.requestJson<Group>({ method: 'POST', path, json: group, signal })).value, 'create group'),
    });
  }

  public async listGroups(filter: ListFilter = {}, signal?: AbortSignal): Promise<Group[]> {
    const { value } = await this.http.requestJson<{ items?: Group[] }>({
      method: 'GET', path: '/iam/v1/groups', query: filterQuery(filter), signal,
    });
    return value?.items ?? [];
  }

  /**
   * Deletes a group with everything in it; false when it was already gone. Chainguard answers
   * PermissionDenied for a group that does not exist: when its parent is visible and it is not,
   * it is gone (e.g. deleted by this call's first attempt, whose answer was lost).
   */
  public async deleteGroup(id: string, signal?: AbortSignal): Promise<boolean> {
    const path = `/iam/v1/groups/${uidpPath(id, 'id')}`;
    const gone = async () => (await this.listGroups({ id }, signal)).length === 0;
    const parent = Uidp.parent(id);
    const deleted = await this.deleteRecord(path, gone, signal, async (error) => gatewayCode(error.body) === PERMISSION_DENIED
      && parent !== undefined && (await this.listGroups({ id: parent }, signal)).length > 0 && await gone());
    this.ledger.release(id);
    return deleted;
  }

  public async close(): Promise<void> {
    await this.http.close();
  }

  /** Sends a create once; after a lost answer adopts what it made, if anything, else sends it again. */
  private async createOnce<T extends Created>(create: ContentCreate<T>): Promise<T> {
    const before = await this.existingIn(create.scope, create.list);
    return this.ledger.write({
      what: create.what,
      send: create.send,
      findLanded: async (unclaimed) => {
        const candidates = (await create.list()).filter(item => create.matches(item) && !before.has(item.id));
        return unclaimed(candidates, item => item.id)[0];
      },
      idOf: item => item.id,
    });
  }

  /**
   * The UIDPs of a scope before this client's first create there: one list, shared by the
   * creates that follow (each waits for it before sending). A failed list is taken again next time.
   */
  private existingIn(scope: string, list: () => Promise<Created[]>): Promise<ReadonlySet<string>> {
    let ids = this.existingBefore.get(scope);
    if (ids === undefined) {
      const listing = list().then(items => new Set(items.map(item => item.id)));
      listing.catch(() => {
        if (this.existingBefore.get(scope) === listing) this.existingBefore.delete(scope);
      });
      this.existingBefore.set(scope, listing);
      ids = listing;
    }
    return ids;
  }

  /**
   * A DELETE (the core retries it through lost answers and 5xx). NotFound means already gone.
   * When every attempt's outcome was unknown, the record may be gone all the same: `gone` asks.
   * `alsoGone` recognizes another refusal that means the record does not exist.
   */
  private async deleteRecord(path: string, gone: () => Promise<boolean>, signal?: AbortSignal,
    alsoGone: (error: ApiError) => Promise<boolean> = () => Promise.resolve(false)): Promise<boolean> {
    try {
      await this.http.request({ method: 'DELETE', path, signal });
      return true;
    } catch (error) {
      // A lookup that fails too leaves the DELETE's own error to report.
      const ask = (check: () => Promise<boolean>) => check().catch(() => false);
      if (error instanceof ApiError && (gatewayCode(error.body) === NOT_FOUND || await ask(() => alsoGone(error)))) return false;
      if (isAmbiguousWriteFailure(error) && await ask(gone)) return true;
      throw error;
    }
  }
}

/**
 * A UIDP as it goes into a path: its slashes stay literal (the routes are `{parent_id=**}`), and
 * hex digits need no escaping. Anything else is refused before a request is made.
 */
function uidpPath(value: string, field: string): string {
  const problem = Uidp.problem(value);
  if (problem !== undefined) throw new Error(`${field} "${value}" is not a UIDP: ${problem}`);
  return value;
}

/** grpc-gateway takes nested message fields as dotted query parameters (JSON names). */
function filterQuery(filter: ListFilter): QueryParams {
  return {
    'id': filter.id,
    'uidp.descendantsOf': filter.descendantsOf,
    'uidp.childrenOf': filter.childrenOf,
    'uidp.ancestorsOf': filter.ancestorsOf,
  };
}

function parseGatewayError(body: string): GatewayError | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<GatewayError>;
    return typeof parsed.code === 'number' && typeof parsed.message === 'string' ? parsed as GatewayError : undefined;
  } catch {
    return undefined;
  }
}

function gatewayCode(body: string): number | undefined {
  return parseGatewayError(body)?.code;
}

/** `<message> (gRPC <CodeName>)`, or the body text when it is not a grpc-gateway error. */
export function gatewayErrorMessage(body: string): string | undefined {
  const error = parseGatewayError(body);
  if (error === undefined) return body.trim() || undefined;
  const name = GRPC_CODE_NAMES[error.code] ?? `code ${error.code}`;
  return `${error.message} (gRPC ${name})`;
}

function requireBody<T>(value: T | undefined, operation: string): T {
  if (value === undefined) throw new Error(`Chainguard returned an empty answer to ${operation}`);
  return value;
}
