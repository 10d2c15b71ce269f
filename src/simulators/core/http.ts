import type { IncomingHttpHeaders } from 'node:http';

/** A request as a simulator handler sees it: body already read, path params extracted. */
export interface SimRequest {
  readonly method: string;
  /** Decoded path without the query string. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: IncomingHttpHeaders;
  /** The raw body text ('' when none was sent). */
  readonly body: string;
  /** The client's IP address, as the socket reports it (what per-source-IP limits count by). */
  readonly remoteAddress: string;
  /** True when the request had a body at all (Go's http.NoBody distinction). */
  readonly hasBody: boolean;
  /** Aborts when the client disconnects or the simulator stops: end blocking waits on it. */
  readonly signal: AbortSignal;
  /** One header value (first one when repeated). */
  header(name: string): string | undefined;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type Handler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** A JSON answer, encoded compactly as most APIs do. */
export function json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** A text/plain answer. */
export function text(status: number, body: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** A status with no body. */
export function empty(status: number, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers };
}
