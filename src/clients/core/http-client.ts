import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { noteRefusal } from './answers';
import { RequestBudget } from './budget';
import { maskProxyUrl, proxySettings, userAgent } from './connection';
import { ApiError, defaultErrorMessage, InvalidResponseError, RequestCancelledError, RequestDescription, TransportError } from './errors';
import { rateLimitDelay, ResolvedRetryOptions, resolveRetryOptions, RetryOptions, retryDelay } from './retry';
import { TlsOptions, tlsConnectOptions, withDeferredExtraCaCertificates } from './tls';
import { Logger, logger as createLogger } from '../../util/log';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Query parameters; undefined values are left out, arrays repeat the key. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined | readonly string[]>>;

/** Everything a retry predicate may look at to decide about one failed attempt. */
export interface RetryContext {
  readonly method: HttpMethod;
  readonly path: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Whether the request is considered idempotent (method default or the request's override). */
  readonly idempotent: boolean;
  /** Set when the server answered. */
  readonly status?: number;
  /** The answer's body, when the server answered. */
  readonly body?: string;
  /** Set when no answer came: the transport error code (ECONNRESET, UND_ERR_SOCKET, TIMEOUT, ...). */
  readonly errorCode?: string;
}

/**
 * A vendor's own retry rule. Return true to retry, false to stop, undefined to apply the
 * default rules (429 always; 5xx, resets and timeouts only when idempotent).
 */
export type RetryPredicate = (context: RetryContext) => boolean | undefined;

export interface HttpClientOptions {
  /** Vendor display name used in errors and logs, e.g. `Nomad`. */
  readonly vendor: string;
  /** Base URL; a path prefix such as `/api/v2` is kept and joined with each request path. */
  readonly baseUrl: string;
  /** Headers sent with every request (the vendor client puts its auth here). */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in ms, from sending to the last body byte. Default 60000. */
  readonly timeoutMs?: number;
  readonly tls?: TlsOptions;
  readonly retry?: RetryOptions;
  readonly retryPredicate?: RetryPredicate;
  /** Extracts the vendor's message from an error body; defaults to common JSON shapes or the text. */
  readonly errorMessage?: (body: string, contentType: string | undefined) => string | undefined;
  /** Cancels every request of this client (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Maximum connections kept open to the origin. Default 8. */
  readonly connections?: number;
  /** Client-side request budget; every attempt (retries too) waits for a token. Share one per API key. */
  readonly budget?: RequestBudget;
  /** Proxy for every request of this client (a vendor block's `proxy_url`); else HTTPS_PROXY / HTTP_PROXY. NO_PROXY applies. */
  readonly proxyUrl?: string;
  /** Where proxy variables and the deferred extra CA file are read. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path below the base URL, starting with `/`. */
  readonly path: string;
  readonly query?: QueryParams;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body; serialized anew for every attempt. */
  readonly json?: unknown;
  /** Raw text body; sent as is (with `contentType`, default text/plain). */
  readonly text?: string;
  /** Builds the body for each attempt, for bodies that must not be reused (signatures, timestamps). */
  readonly body?: () => string | Uint8Array;
  readonly contentType?: string;
  /** Override the method's default idempotency (e.g. mark a lookup POST as safe to retry). */
  readonly idempotent?: boolean;
  /** Non-2xx statuses the caller handles itself; they are returned, not thrown. */
  readonly acceptStatus?: readonly number[];
  readonly retryPredicate?: RetryPredicate;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly attempts: number;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// The request never reached the server, so even a POST can be sent again.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const INTERRUPTED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'TIMEOUT', 'ETIMEDOUT']);
const DEFAULT_TIMEOUT_MS = 60_000;

/** Outcome of one attempt, before the retry decision. */
type Attempt =
  | { readonly kind: 'response'; readonly response: HttpResponse }
  | { readonly kind: 'transport'; readonly code: string; readonly reason: string; readonly cause: unknown }
  | { readonly kind: 'cancelled' };

/**
 * The HTTP core every vendor client is built on: one undici connection pool per origin,
 * retries with backoff, typed errors and redacted debug logging. It knows nothing of any vendor.
 */
export class HttpClient {
  public readonly vendor: string;
  public readonly baseUrl: URL;
  private pool?: EnvHttpProxyAgent;
  private readonly connectOptions: ReturnType<typeof tlsConnectOptions>;
  private readonly defaultHeaders: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly options: HttpClientOptions;
  private readonly log: Logger;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.vendor = options.vendor;
    this.baseUrl = parseBaseUrl(options.baseUrl, options.vendor);
    this.defaultHeaders = options.defaultHeaders ?? {};
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = resolveRetryOptions(options.retry);
    this.log = options.logger ?? createLogger('http');
    // Read certificate files now, so a bad path fails when the client is configured.
    this.connectOptions = tlsConnectOptions(options.tls);
  }

  /**
   * One Pool per origin with keep-alive connections, through the proxy the settings or the
   * environment name (EnvHttpProxyAgent decides per origin, NO_PROXY included). undici is loaded
   * on the first request (most provider processes Terraform starts never make one), or earlier by
   * `preloadHttpCore`.
   */
  private get agent(): EnvHttpProxyAgent {
    if (!this.pool) {
      const env = this.options.env ?? process.env;
      const tls = this.baseUrl.protocol === 'https:'
        ? withDeferredExtraCaCertificates(this.connectOptions, env, message => this.log.warn(message))
        : this.connectOptions;
      const proxies = proxySettings(this.options.proxyUrl, env);
      if (proxies.httpProxy !== '' || proxies.httpsProxy !== '') {
        const proxy = this.baseUrl.protocol === 'https:' ? proxies.httpsProxy : proxies.httpProxy;
        this.log.debug('proxy settings', { vendor: this.vendor, proxy: maskProxyUrl(proxy), no_proxy: proxies.noProxy });
      }
      // `connect` serves direct connections, `requestTls` the TLS inside a proxy's CONNECT tunnel.
      this.pool = new (undiciModule().EnvHttpProxyAgent)({
        ...proxies, connect: tls, requestTls: tls, connections: this.options.connections ?? 8,
      });
    }
    return this.pool;
  }

  /**
   * Sends the request, retrying as configured. Resolves with 2xx (or accepted) responses, throws
   * otherwise. 429 answers are retried for every method (nothing was applied) on their own count,
   * `maxRateLimitedAttempts`; other failures count against `maxAttempts`.
   */
  public async request(request: HttpRequest): Promise<HttpResponse> {
    const description = this.describe(request);
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    let failures = 0;
    let rateLimited = 0;
    for (let attempt = 1; ; attempt++) {
      if (!await this.takeFromBudget(request.signal)) {
        throw new RequestCancelledError(description);
      }
      const outcome = await this.attempt(request, attempt);
      if (outcome.kind === 'cancelled') {
        throw new RequestCancelledError(description);
      }
      if (outcome.kind === 'response' && this.isAccepted(outcome.response.status, request)) {
        if (outcome.response.status >= 400) this.noteRefusal(request, outcome.response);
        return outcome.response;
      }
      const context = retryContext(request, attempt, idempotent, outcome);
      const retryAfter = outcome.kind === 'response' ? outcome.response.headers['retry-after'] : undefined;
      let delay: number | 'too-long' | undefined;
      if (context.status === 429) {
        rateLimited++;
        const retry = rateLimited < this.retry.maxRateLimitedAttempts && this.shouldRetry(context, request);
        delay = retry ? rateLimitDelay(rateLimited, retryAfter, this.retry) : undefined;
      } else {
        failures++;
        const retry = failures < this.retry.maxAttempts && this.shouldRetry(context, request);
        delay = retry ? retryDelay(failures, retryAfter, this.retry) : undefined;
      }
      if (delay === undefined || delay === 'too-long') {
        const note = delay === 'too-long'
          ? `the server asks to wait ${retryAfter?.trim()} (Retry-After), longer than the ${this.retry.maxRetryAfterMs / 1000} s this provider waits`
          : undefined;
        throw this.toError(description, outcome, attempt, note);
      }
      this.log.debug('retrying request', { method: request.method, path: request.path, attempt, status: context.status, error: context.errorCode, delay_ms: delay });
      if (!await this.waitUnlessCancelled((signal) => this.retry.sleep(delay, signal), request.signal)) {
        throw new RequestCancelledError(description);
      }
    }
  }

  /**
   * Sends the request and parses a 2xx JSON answer; an empty body, or an accepted non-2xx
   * status (see `acceptStatus`), yields undefined with the raw response beside it.
   */
  public async requestJson<T>(request: HttpRequest): Promise<{ readonly value: T | undefined; readonly response: HttpResponse }> {
    const response = await this.request(request);
    if (response.status < 200 || response.status >= 300 || response.text.trim() === '') {
      return { value: undefined, response };
    }
    try {
      return { value: JSON.parse(response.text) as T, response };
    } catch (error) {
      throw new InvalidResponseError(this.describe(request), response.status, response.text, (error as Error).message);
    }
  }

  /** Closes the pooled connections; closing twice is harmless, a later request opens new ones. */
  public async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private async attempt(request: HttpRequest, attempt: number): Promise<Attempt> {
    // Built before sending: a body that cannot be serialized is a caller bug, not a transport failure.
    const payload = buildBody(request);
    const controller = new AbortController();
    const unlink = linkSignals(controller, [this.options.signal, request.signal]);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, request.timeoutMs ?? this.timeoutMs);
    const started = Date.now();
    try {
      const response = await this.send(request, payload, attempt, controller.signal);
      this.logAttempt(request, attempt, started, response.status);
      return { kind: 'response', response };
    } catch (error) {
      if (timedOut) {
        const ms = request.timeoutMs ?? this.timeoutMs;
        this.logAttempt(request, attempt, started, undefined, 'TIMEOUT');
        return { kind: 'transport', code: 'TIMEOUT', reason: `timed out after ${ms} ms`, cause: error };
      }
      if (controller.signal.aborted) {
        return { kind: 'cancelled' };
      }
      const code = errorCode(error);
      this.logAttempt(request, attempt, started, undefined, code);
      return { kind: 'transport', code, reason: describeCause(error, code), cause: error };
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }

  private async send(request: HttpRequest, payload: RequestPayload, attempt: number, signal: AbortSignal): Promise<HttpResponse> {
    const { body, contentType } = payload;
    const headers: Record<string, string> = { 'accept': 'application/json', ...this.defaultHeaders, ...request.headers, 'user-agent': userAgent() };
    if (contentType !== undefined && !hasHeader(headers, 'content-type')) {
      headers['content-type'] = contentType;
    }
    if (this.log.enabled('trace')) {
      this.log.trace('request body', { method: request.method, path: request.path, attempt, headers, body: request.json ?? request.text });
    }
    const options: Dispatcher.RequestOptions = {
      origin: this.baseUrl.origin,
      path: this.fullPath(request),
      method: request.method,
      headers,
      body: body ?? null,
      signal,
      // Our own timer bounds the whole attempt; undici's are disabled so there is one clock.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    const answer = await this.agent.request(options);
    const text = await answer.body.text();
    return { status: answer.statusCode, headers: flattenHeaders(answer.headers), text, attempts: attempt };
  }

  private shouldRetry(context: RetryContext, request: HttpRequest): boolean {
    const custom = (request.retryPredicate ?? this.options.retryPredicate)?.(context);
    if (custom !== undefined) {
      return custom;
    }
    return defaultRetryDecision(context);
  }

  private isAccepted(status: number, request: HttpRequest): boolean {
    return (status >= 200 && status < 300) || (request.acceptStatus?.includes(status) ?? false);
  }

  /** Waits for the request budget, when there is one; false when cancelled while waiting. */
  private async takeFromBudget(signal: AbortSignal | undefined): Promise<boolean> {
    const budget = this.options.budget;
    return budget === undefined || this.waitUnlessCancelled((linked) => budget.acquire(linked), signal);
  }

  /** Runs an abortable wait; false when the client's or the request's signal cancelled it. */
  private async waitUnlessCancelled(wait: (signal: AbortSignal) => Promise<void>, signal: AbortSignal | undefined): Promise<boolean> {
    const controller = new AbortController();
    const unlink = linkSignals(controller, [this.options.signal, signal]);
    try {
      await wait(controller.signal);
      return !controller.signal.aborted;
    } catch {
      return false;
    } finally {
      unlink();
    }
  }

  /** An accepted 4xx answer, kept for a caller that quotes it (see answers.ts). */
  private noteRefusal(request: HttpRequest, response: HttpResponse): void {
    const extract = this.options.errorMessage ?? defaultErrorMessage;
    noteRefusal({
      vendor: this.vendor,
      method: request.method,
      path: request.path,
      status: response.status,
      message: extract(response.text, response.headers['content-type']),
    });
  }

  private toError(description: RequestDescription, outcome: Attempt, attempts: number, note?: string): Error {
    if (outcome.kind === 'transport') {
      return new TransportError(description, outcome.code, outcome.reason, attempts, outcome.cause);
    }
    if (outcome.kind === 'cancelled') {
      return new RequestCancelledError(description);
    }
    const { response } = outcome;
    const extract = this.options.errorMessage ?? defaultErrorMessage;
    return new ApiError({
      ...description,
      status: response.status,
      body: response.text,
      vendorMessage: extract(response.text, response.headers['content-type']),
      headers: response.headers,
      attempts,
      note,
    });
  }

  private logAttempt(request: HttpRequest, attempt: number, started: number, status: number | undefined, error?: string): void {
    this.log.debug('HTTP request', {
      vendor: this.vendor,
      method: request.method,
      path: this.joinPath(request.path),
      status,
      error,
      attempt,
      duration_ms: Date.now() - started,
      headers: { ...this.defaultHeaders, ...request.headers },
    });
  }

  private describe(request: HttpRequest): RequestDescription {
    return { vendor: this.vendor, method: request.method, path: this.joinPath(request.path), origin: this.baseUrl.origin };
  }

  private joinPath(path: string): string {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
  }

  private fullPath(request: HttpRequest): string {
    const query = encodeQuery(request.query);
    return query === '' ? this.joinPath(request.path) : `${this.joinPath(request.path)}?${query}`;
  }
}

let undici: typeof import('undici') | undefined;

/** undici's public entry, loaded once, on first use: it costs start-up time most provider processes never need. */
function undiciModule(): typeof import('undici') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred load, see above
  undici ??= require('undici') as typeof import('undici');
  return undici;
}

/**
 * Loads the HTTP client's modules now rather than on the first request. The provider calls it once
 * Terraform has configured it (a plan or an apply is coming, with requests), while Terraform is
 * still busy expanding its graph: the first requests of a refresh then do not wait for the load.
 */
export function preloadHttpCore(): void {
  undiciModule();
}

/** The rules applied when no predicate decides: 429 always, 5xx / interruptions when idempotent, refused connections always. */
export function defaultRetryDecision(context: RetryContext): boolean {
  if (context.status !== undefined) {
    if (context.status === 429) {
      return true;
    }
    return context.idempotent && context.status >= 500 && context.status !== 501;
  }
  if (context.errorCode === undefined) {
    return false;
  }
  if (NOT_SENT_CODES.has(context.errorCode)) {
    return true;
  }
  return context.idempotent && INTERRUPTED_CODES.has(context.errorCode);
}

function retryContext(request: HttpRequest, attempt: number, idempotent: boolean, outcome: Attempt): RetryContext {
  const base = { method: request.method, path: request.path, attempt, idempotent };
  if (outcome.kind === 'response') {
    return { ...base, status: outcome.response.status, body: outcome.response.text };
  }
  return { ...base, errorCode: outcome.kind === 'transport' ? outcome.code : undefined };
}

interface RequestPayload {
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
}

function buildBody(request: HttpRequest): RequestPayload {
  if (request.body !== undefined) {
    return { body: request.body(), contentType: request.contentType };
  }
  if (request.json !== undefined) {
    return { body: JSON.stringify(request.json), contentType: request.contentType ?? 'application/json' };
  }
  if (request.text !== undefined) {
    return { body: request.text, contentType: request.contentType ?? 'text/plain; charset=utf-8' };
  }
  return {};
}

export function encodeQuery(query: QueryParams | undefined): string {
  if (query === undefined) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const item of values) {
      params.append(key, String(item));
    }
  }
  return params.toString();
}

function parseBaseUrl(baseUrl: string, vendor: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`${vendor} address ${JSON.stringify(baseUrl)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${vendor} address ${JSON.stringify(baseUrl)} must use http or https`);
  }
  return url;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Aborts `controller` when any of the signals aborts; returns a function removing the listeners. */
function linkSignals(controller: AbortController, signals: ReadonlyArray<AbortSignal | undefined>): () => void {
  const unlinks: Array<() => void> = [];
  for (const signal of signals) {
    if (signal === undefined) {
      continue;
    }
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    unlinks.push(() => signal.removeEventListener('abort', onAbort));
  }
  return () => unlinks.forEach((unlink) => unlink());
}

function errorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

const CAUSE_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'timed out while connecting',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'temporary DNS failure',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function describeCause(error: unknown, code: string): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' ? message : String(error);
  const known = CAUSE_TEXT[code];
  if (known !== undefined) {
    return `${known} (${code}: ${text})`;
  }
  return code === 'UNKNOWN' ? text : `${text} (${code})`;
}
