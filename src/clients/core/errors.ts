import { STATUS_CODES } from 'node:http';
import { maskSecrets } from '../../util/log';

/** What every client error carries about the request that failed. */
export interface RequestDescription {
  /** Display name of the vendor, e.g. `Nomad`. */
  readonly vendor: string;
  readonly method: string;
  /** Request path without the query string. */
  readonly path: string;
  /** Scheme, host and port of the API, e.g. `https://nomad.example.com:4646`. */
  readonly origin: string;
}

/** Details of an HTTP error response. */
export interface ApiErrorDetails extends RequestDescription {
  readonly status: number;
  /** The response body exactly as the vendor sent it. */
  readonly body: string;
  /** The vendor's own message when one could be extracted from the body. */
  readonly vendorMessage?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly attempts: number;
  /** Why the client gave up, when that is not plain from the answer (e.g. a Retry-After too long). */
  readonly note?: string;
}

/**
 * The API answered with a status the caller did not accept.
 * Message shape: `Nomad API error (403 Forbidden) on GET /v1/acl/binding-rules: Permission denied`.
 */
export class ApiError extends Error {
  public readonly vendor: string;
  public readonly method: string;
  public readonly path: string;
  public readonly origin: string;
  public readonly status: number;
  public readonly statusText: string;
  public readonly body: string;
  public readonly vendorMessage?: string;
  public readonly headers: Readonly<Record<string, string>>;
  public readonly attempts: number;
  public readonly note?: string;

  constructor(details: ApiErrorDetails) {
    const statusText = STATUS_CODES[details.status] ?? 'Unknown Status';
    const suffix = (details.vendorMessage ? `: ${details.vendorMessage}` : '') + (details.note ? ` (${details.note})` : '');
    super(maskSecrets(`${details.vendor} API error (${details.status} ${statusText}) on ${details.method} ${details.path}${suffix}`));
    this.name = 'ApiError';
    this.vendor = details.vendor;
    this.method = details.method;
    this.path = details.path;
    this.origin = details.origin;
    this.status = details.status;
    this.statusText = statusText;
    this.body = details.body;
    this.vendorMessage = details.vendorMessage;
    this.headers = details.headers;
    this.attempts = details.attempts;
    this.note = details.note;
  }
}

/** The request never produced an HTTP response: refused, reset, timed out, TLS failure, DNS. */
export class TransportError extends Error {
  public readonly vendor: string;
  public readonly method: string;
  public readonly path: string;
  public readonly origin: string;
  /** Machine-readable cause, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`, `TIMEOUT`. */
  public readonly code: string;
  public readonly attempts: number;

  constructor(request: RequestDescription, code: string, reason: string, attempts: number, cause?: unknown) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    super(maskSecrets(`${request.vendor} API request ${request.method} ${request.origin}${request.path} failed${tries}: ${reason}`), { cause });
    this.name = 'TransportError';
    this.vendor = request.vendor;
    this.method = request.method;
    this.path = request.path;
    this.origin = request.origin;
    this.code = code;
    this.attempts = attempts;
  }
}

/** The caller's AbortSignal fired (e.g. Terraform's StopProvider) before the request finished. */
export class RequestCancelledError extends Error {
  public readonly vendor: string;
  public readonly method: string;
  public readonly path: string;

  constructor(request: RequestDescription) {
    super(`${request.vendor} API request ${request.method} ${request.path} was cancelled`);
    this.name = 'RequestCancelledError';
    this.vendor = request.vendor;
    this.method = request.method;
    this.path = request.path;
  }
}

/** A successful response whose body could not be understood (e.g. invalid JSON). */
export class InvalidResponseError extends Error {
  public readonly vendor: string;
  public readonly method: string;
  public readonly path: string;
  public readonly status: number;
  public readonly body: string;

  constructor(request: RequestDescription, status: number, body: string, reason: string) {
    super(`${request.vendor} API returned an unreadable response (${status}) on ${request.method} ${request.path}: ${reason}`);
    this.name = 'InvalidResponseError';
    this.vendor = request.vendor;
    this.method = request.method;
    this.path = request.path;
    this.status = status;
    this.body = body;
  }
}

const MAX_MESSAGE_LENGTH = 2000;

/**
 * Best-effort extraction of a human message from an error body: common JSON shapes
 * (`message`, `error`, `errors[]`, `error.message`), otherwise the text itself, trimmed.
 */
export function defaultErrorMessage(body: string, contentType: string | undefined): string | undefined {
  const text = body.trim();
  if (text === '') {
    return undefined;
  }
  if ((contentType ?? '').includes('json') || /^[[{]/.test(text)) {
    const fromJson = messageFromJson(text);
    if (fromJson !== undefined) {
      return truncate(fromJson);
    }
  }
  return truncate(text);
}

function messageFromJson(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return findMessage(parsed, 0);
}

function findMessage(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value.trim() || undefined;
  }
  if (Array.isArray(value)) {
    const messages = value.map((item) => findMessage(item, depth + 1)).filter((m): m is string => m !== undefined);
    return messages.length > 0 ? messages.join('; ') : undefined;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['message', 'error_message', 'error', 'errors', 'detail', 'title', 'token']) {
      if (key in record) {
        const found = findMessage(record[key], depth + 1);
        if (found !== undefined) {
          return found;
        }
      }
    }
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}
