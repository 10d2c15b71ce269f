import { ChainguardSettings } from './settings';
import { GatewayError, Group, GRPC_CODE_NAMES, ListFilter, Subscription } from './types';
import { Uidp } from '../../chainguard/uidp';
import { Logger, logger, registerSecret } from '../../util/log';
import { ApiError, HttpClient, QueryParams, RetryOptions } from '../core';

export * from './settings';
export * from './types';

export interface ChainguardClientOptions {
  readonly retry?: RetryOptions;
  /** Per-attempt timeout in ms. Default 60000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

const VENDOR = 'Chainguard';
const NOT_FOUND = 5;

/**
 * Typed client for Chainguard's events subscriptions (and the IAM groups they live in), through
 * the REST mapping of the gRPC API. There is no get and no update: a read is a filtered list.
 */
export class ChainguardClient {
  public readonly settings: ChainguardSettings;
  private readonly http: HttpClient;

  constructor(settings: ChainguardSettings, options: ChainguardClientOptions = {}) {
    this.settings = settings;
    registerSecret(settings.token);
    this.http = new HttpClient({
      vendor: VENDOR,
      baseUrl: settings.apiUrl,
      defaultHeaders: settings.token ? { Authorization: `Bearer ${settings.token}` } : {},
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      errorMessage: gatewayErrorMessage,
      signal: options.signal,
      logger: options.logger ?? logger('chainguard'),
    });
  }

  /** Subscribes `sink` to every event of the group `parentId` and its descendants. Never retried once it may have landed. */
  public async createSubscription(parentId: string, sink: string, signal?: AbortSignal): Promise<Subscription> {
    const { value } = await this.http.requestJson<Subscription>({
      method: 'POST',
      path: `/events/v1/subscriptions/${uidpPath(parentId, 'parent_id')}`,
      json: { sink },
      signal,
    });
    return requireBody(value, 'create subscription');
  }

  public async listSubscriptions(filter: ListFilter = {}, signal?: AbortSignal): Promise<Subscription[]> {
    const { value } = await this.http.requestJson<{ items?: Subscription[] }>({
      method: 'GET', path: '/events/v1/subscriptions', query: filterQuery(filter), signal,
    });
    return value?.items ?? [];
  }

  /** The subscription with this UIDP, or undefined when there is none (a list filtered by id). */
  public async getSubscription(id: string, signal?: AbortSignal): Promise<Subscription | undefined> {
    uidpPath(id, 'id');
    const items = await this.listSubscriptions({ id }, signal);
    return items.find(item => item.id === id);
  }

  /** Deletes a subscription; false when Chainguard answered NotFound (already gone). */
  public async deleteSubscription(id: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteRecord(`/events/v1/subscriptions/${uidpPath(id, 'id')}`, signal);
  }

  /** Creates a group below `parentId` (a root group when parentId is empty). */
  public async createGroup(parentId: string, group: { name: string; description?: string }, signal?: AbortSignal): Promise<Group> {
    const path = parentId === '' ? '/iam/v1/groups' : `/iam/v1/groups/${uidpPath(parentId, 'parent_id')}`;
    const { value } = await this.http.requestJson<Group>({ method: 'POST', path, json: group, signal });
    return requireBody(value, 'create group');
  }

  public async listGroups(filter: ListFilter = {}, signal?: AbortSignal): Promise<Group[]> {
    const { value } = await this.http.requestJson<{ items?: Group[] }>({
      method: 'GET', path: '/iam/v1/groups', query: filterQuery(filter), signal,
    });
    return value?.items ?? [];
  }

  /** Deletes a group with everything in it; false when it was already gone. */
  public async deleteGroup(id: string, signal?: AbortSignal): Promise<boolean> {
    return this.deleteRecord(`/iam/v1/groups/${uidpPath(id, 'id')}`, signal);
  }

  public async close(): Promise<void> {
    await this.http.close();
  }

  private async deleteRecord(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.http.request({ method: 'DELETE', path, signal });
      return true;
    } catch (error) {
      if (error instanceof ApiError && gatewayCode(error.body) === NOT_FOUND) return false;
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
