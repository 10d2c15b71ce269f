import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FaultInjector, FaultRule, parseFaults } from './faults';
import { empty, Handler, json, SimRequest, SimResponse, text } from './http';
import { Router } from './router';
import { Logger, logger, maskSecrets, redact } from '../../util/log';

export interface SimulatorServerOptions {
  /** Short vendor name, e.g. `nomad`: names its log module and its SECOPS_SIM_FAULTS_<NAME> variable. */
  readonly name: string;
  /** Faults active from the start, on top of those from the environment. */
  readonly faults?: string | readonly FaultRule[];
  /** Where SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_<NAME> are read from. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Plain-data view of the vendor state for `GET /__secops/state`. */
  readonly state?: () => unknown;
  /** Returns the vendor state to its initial contents, for `POST /__secops/reset`. */
  readonly reset?: () => void;
  /** Answers unknown paths. Default: 404 with an empty body. */
  readonly notFound?: Handler;
  /**
   * The body of an injected status fault whose rule gives none, in the vendor's error shape;
   * undefined (and the default) keeps a short text naming the fault.
   */
  readonly faultBody?: (status: number) => { readonly body: string; readonly contentType: string } | undefined;
  /** Answers known paths called with another method. Default: 405 with an `Allow` header. */
  readonly methodNotAllowed?: (request: SimRequest, allowed: readonly string[]) => SimResponse;
  /**
   * The vendor's own admin endpoints under `/__secops/`, keyed `METHOD name` (e.g.
   * `POST events`), for test actions the vendor API has no call for.
   */
  readonly adminRoutes?: Readonly<Record<string, Handler>>;
  /** Largest accepted request body. Default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** How many requests the log keeps (oldest dropped first). Default 1000. */
  readonly requestLogLimit?: number;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Serve HTTPS with this certificate; with `ca`, client certificates it signed are required (mutual TLS). */
  readonly tls?: SimulatorTls;
}

/** PEM material of a simulator serving HTTPS. */
export interface SimulatorTls {
  readonly cert: string;
  readonly key: string;
  /** CA whose client certificates are required; none asked for when absent. */
  readonly ca?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** One handled request, as kept in the request log (headers redacted, secrets masked). */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  /** The status sent (for a lost answer: the status that was not sent), or 'dropped' when the connection was cut first. */
  readonly status: number | 'dropped';
  /** Set when an injected fault produced the answer, or lost it. */
  readonly fault?: 'status' | 'drop' | 'lost';
  readonly delayMs: number;
  readonly durationMs: number;
}

/** Counts of the vendor requests served since start or reset, beyond what the request log keeps. */
export interface RequestCounts {
  requests: number;
  /** By method, e.g. { GET: 40, POST: 12 }. */
  byMethod: Record<string, number>;
  /** Requests an injected fault answered or lost, by kind ('429', '503', 'drop', 'lost'). */
  faults: Record<string, number>;
}

export const ADMIN_PREFIX = '/__secops/';
const FAULTS_VARIABLE = 'SECOPS_SIM_FAULTS';

/**
 * The HTTP framework every vendor simulator runs on: node:http on loopback, a route table with
 * path parameters, a request log, fault injection, and an admin surface under `/__secops/`
 * (GET state, GET/DELETE requests, GET counts, POST reset, GET/POST/DELETE faults) for tests and CI in
 * other processes.
 */
export class SimulatorServer {
  public readonly name: string;
  public readonly faults = new FaultInjector();
  private readonly router = new Router();
  private readonly log: Logger;
  private readonly requestLog: RequestLogEntry[] = [];
  private counts: RequestCounts = emptyCounts();
  private readonly inFlight = new Set<AbortController>();
  private readonly options: SimulatorServerOptions;
  private server: Server | undefined;
  private address: { url: string; port: number } | undefined;

  constructor(options: SimulatorServerOptions) {
    this.options = options;
    this.name = options.name;
    this.log = logger(`sim.${options.name}`);
    this.injectStartupFaults(options);
  }

  /** Base URL once started, e.g. `http://127.0.0.1:41234`. */
  public get url(): string {
    return this.running().url;
  }

  public get port(): number {
    return this.running().port;
  }

  /** The requests handled so far, oldest first. */
  public get requests(): readonly RequestLogEntry[] {
    return this.requestLog;
  }

  /** How many vendor requests were served, and how many of them faults answered. */
  public get requestCounts(): RequestCounts {
    return structuredClone(this.counts);
  }

  public route(methods: string | readonly string[], pattern: string, handler: Handler): this {
    this.router.add(methods, pattern, handler);
    return this;
  }

  public async start(options: StartOptions = {}): Promise<RunningServer> {
    if (this.server !== undefined) {
      throw new Error(`${this.name} simulator is already running at ${this.address?.url}`);
    }
    const host = options.host ?? '127.0.0.1';
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    const { tls } = options;
    const server = tls === undefined
      ? createServer(handler)
      : createHttpsServer({ cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}) }, handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    this.server = server;
    this.address = { url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`, port };
    this.log.debug('simulator started', { url: this.address.url });
    return { url: this.address.url, port, stop: () => this.stop() };
  }

  /** Stops listening, ends blocking requests and closes every connection. */
  public async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) {
      return;
    }
    this.server = undefined;
    this.address = undefined;
    for (const controller of this.inFlight) {
      controller.abort();
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Vendor state back to its initial contents; faults and the request log cleared. */
  public reset(): void {
    this.options.reset?.();
    this.faults.clear();
    this.requestLog.length = 0;
    this.counts = emptyCounts();
  }

  private injectStartupFaults(options: SimulatorServerOptions): void {
    const env = options.env ?? process.env;
    const vendorVariable = `${FAULTS_VARIABLE}_${options.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const sources: Array<[string, string | readonly FaultRule[] | undefined]> = [
      [FAULTS_VARIABLE, env[FAULTS_VARIABLE]],
      [vendorVariable, env[vendorVariable]],
      ['faults option', options.faults],
    ];
    for (const [source, faults] of sources) {
      if (faults === undefined || faults === '') {
        continue;
      }
      try {
        this.faults.inject(faults);
      } catch (error) {
        throw new Error(`${this.name} simulator: invalid ${source}: ${(error as Error).message}`);
      }
    }
  }

  private running(): { url: string; port: number } {
    if (this.address === undefined) {
      throw new Error(`${this.name} simulator is not running: call start() first`);
    }
    return this.address;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    res.on('close', () => {
      this.inFlight.delete(controller);
      if (!res.writableFinished) {
        controller.abort();
      }
    });
    try {
      const request = await this.readRequest(req, controller.signal);
      if (request === undefined) {
        this.send(res, text(413, 'request body too large'));
        return;
      }
      if (request.path.startsWith(ADMIN_PREFIX)) {
        this.send(res, await this.admin(request));
        return;
      }
      await this.serveVendorRequest(request, req, res, started);
    } catch (error) {
      this.log.error('simulator handler failed', { error });
      if (!res.headersSent && !res.destroyed) {
        this.send(res, text(500, `simulator error: ${(error as Error).message}`));
      }
    }
  }

  private async serveVendorRequest(request: SimRequest, req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const decision = this.faults.decide(request.method, request.path);
    if (decision.delayMs > 0) {
      await sleep(decision.delayMs);
    }
    if (decision.answer?.kind === 'drop') {
      req.socket.destroy();
      this.record(request, 'dropped', 'drop', decision.delayMs, started);
      return;
    }
    let response: SimResponse;
    if (decision.answer?.kind === 'status') {
      response = this.faultResponse(decision.answer.status, decision.answer.retryAfter, decision.answer.body);
    } else {
      response = await this.dispatch(request);
    }
    if (decision.answer?.kind === 'lost') {
      // The write is applied; its answer never leaves: the connection closes instead.
      req.socket.destroy();
    } else {
      this.send(res, response);
    }
    this.record(request, response.status, decision.answer?.kind, decision.delayMs, started);
  }

  private faultResponse(status: number, retryAfter: string | undefined, body: string | undefined): SimResponse {
    const vendorBody = body === undefined ? this.options.faultBody?.(status) : undefined;
    if (vendorBody === undefined) return faultResponse(status, retryAfter, body);
    const headers: Record<string, string> = { 'Content-Type': vendorBody.contentType, ...(retryAfter !== undefined ? { 'Retry-After': retryAfter } : {}) };
    return { status, headers, body: vendorBody.body };
  }

  private async dispatch(request: SimRequest): Promise<SimResponse> {
    const match = this.router.match(request.method, request.path);
    if (match.kind === 'found') {
      return match.handler({ ...request, params: match.params });
    }
    if (match.kind === 'method-not-allowed') {
      return this.options.methodNotAllowed?.(request, match.allowed) ?? empty(405, { Allow: match.allowed.join(', ') });
    }
    return this.options.notFound?.(request) ?? empty(404);
  }

  private async admin(request: SimRequest): Promise<SimResponse> {
    const action = `${request.method} ${request.path.slice(ADMIN_PREFIX.length)}`;
    switch (action) {
      case 'GET state':
        return json(200, { name: this.name, state: this.options.state?.() ?? null, faults: this.faults.list(), requests: this.requestLog.length });
      case 'POST reset':
        this.reset();
        return json(200, { reset: true });
      case 'GET faults':
        return json(200, this.faults.list());
      case 'POST faults':
        return this.injectFromAdmin(request.body);
      case 'DELETE faults':
        this.faults.clear();
        return json(200, []);
      case 'GET requests':
        return json(200, this.requestLog);
      case 'DELETE requests':
        this.requestLog.length = 0;
        this.counts = emptyCounts();
        return json(200, []);
      case 'GET counts':
        return json(200, this.counts);
      default: {
        const vendorAction = this.options.adminRoutes?.[action];
        if (vendorAction !== undefined) return vendorAction(request);
        return text(404, `unknown admin endpoint ${request.method} ${request.path}; see GET/POST ${ADMIN_PREFIX}{state,reset,faults,requests}`);
      }
    }
  }

  /** Body: a fault object, an array of them, or the compact text syntax. */
  private injectFromAdmin(body: string): SimResponse {
    try {
      const trimmed = body.trim();
      const faults = /^[[{]/.test(trimmed) ? JSON.parse(trimmed) as FaultRule | FaultRule[] : parseFaults(trimmed);
      const ids = this.faults.inject(faults);
      return json(200, { injected: ids, active: this.faults.list() });
    } catch (error) {
      return text(400, `invalid faults: ${(error as Error).message}`);
    }
  }

  private async readRequest(req: IncomingMessage, signal: AbortSignal): Promise<SimRequest | undefined> {
    const limit = this.options.maxBodyBytes ?? 10 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const headers = req.headers;
    return {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      hasBody: size > 0,
      remoteAddress: req.socket.remoteAddress ?? '',
      signal,
      header: (name: string) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      },
    };
  }

  private send(res: ServerResponse, response: SimResponse): void {
    if (res.destroyed) {
      return;
    }
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  }

  private record(request: SimRequest, status: number | 'dropped', fault: RequestLogEntry['fault'], delayMs: number, started: number): void {
    this.counts.requests++;
    this.counts.byMethod[request.method] = (this.counts.byMethod[request.method] ?? 0) + 1;
    if (fault !== undefined) {
      const kind = fault === 'status' ? String(status) : fault;
      this.counts.faults[kind] = (this.counts.faults[kind] ?? 0) + 1;
    }
    const entry: RequestLogEntry = {
      time: new Date(started).toISOString(),
      method: request.method,
      path: request.path,
      query: request.query.toString(),
      headers: redact(request.headers) as Record<string, unknown>,
      body: maskSecrets(request.body),
      status,
      fault,
      delayMs,
      durationMs: Date.now() - started,
    };
    this.requestLog.push(entry);
    const limit = this.options.requestLogLimit ?? 1000;
    if (this.requestLog.length > limit) {
      this.requestLog.splice(0, this.requestLog.length - limit);
    }
    this.log.debug('simulated request', { method: entry.method, path: entry.path, status, fault, duration_ms: entry.durationMs });
  }
}

function emptyCounts(): RequestCounts {
  return { requests: 0, byMethod: {}, faults: {} };
}

function faultResponse(status: number, retryAfter: string | undefined, body: string | undefined): SimResponse {
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': retryAfter } : {};
  return text(status, body ?? `injected fault: ${status}`, headers);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
