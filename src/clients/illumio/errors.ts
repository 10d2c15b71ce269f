import { maskSecrets } from '../../util/log';
import { ApiError, defaultErrorMessage } from '../core';

/** One entry of the PCE's error list (406 and most other 4xx bodies). */
export interface IllumioErrorEntry {
  /** Machine-readable reason, e.g. `label_key_value_conflict`. */
  readonly token: string;
  readonly message: string;
}

export const ILLUMIO_API_PREFIX = '/api/v2';

// Shown when the PCE explains nothing itself (401 and 403 often come with an empty body).
const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: 'authentication failed: check the API key username and secret',
  403: 'the API key is not allowed to do this, or the org id is wrong',
};

/**
 * Reads the PCE's error body: a JSON list of `{token, message}`, tolerating a single object.
 * Anything else yields an empty list.
 */
export function parseIllumioErrors(body: string): IllumioErrorEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  return items.flatMap((item) => toEntry(item));
}

function toEntry(item: unknown): IllumioErrorEntry[] {
  if (item === null || typeof item !== 'object') {
    return [];
  }
  const { token, message } = item as { token?: unknown; message?: unknown };
  if (typeof token !== 'string' && typeof message !== 'string') {
    return [];
  }
  return [{ token: typeof token === 'string' ? token : '', message: typeof message === 'string' ? message : '' }];
}

/** `token: message` pairs joined with `; `, or the best text the body offers. */
export function describeIllumioErrors(status: number, body: string, contentType?: string): string | undefined {
  const entries = parseIllumioErrors(body);
  if (entries.length > 0) {
    return entries.map((entry) => [entry.token, entry.message].filter((part) => part !== '').join(': ')).join('; ');
  }
  return defaultErrorMessage(body, contentType) ?? STATUS_HINTS[status];
}

/**
 * An error answer of the PCE, with its token list.
 * Message shape: `Illumio PCE error (406 Not Acceptable) on POST /orgs/1/labels: label_key_value_conflict: ...`.
 */
export class IllumioApiError extends ApiError {
  public readonly errors: readonly IllumioErrorEntry[];

  constructor(source: ApiError) {
    super(source);
    this.name = 'IllumioApiError';
    this.errors = parseIllumioErrors(source.body);
    const path = source.path.startsWith(ILLUMIO_API_PREFIX) ? source.path.slice(ILLUMIO_API_PREFIX.length) : source.path;
    const detail = describeIllumioErrors(source.status, source.body, source.headers['content-type']);
    this.message = maskSecrets(`Illumio PCE error (${source.status} ${source.statusText}) on ${source.method} ${path}${detail ? `: ${detail}` : ''}${source.note ? ` (${source.note})` : ''}`);
    const frames = (source.stack ?? '').split('\n').slice(1).join('\n');
    this.stack = `${this.name}: ${this.message}\n${frames}`;
  }

  /** The tokens of the answer, e.g. `['label_key_value_conflict']`. */
  public get tokens(): string[] {
    return this.errors.map((entry) => entry.token);
  }

  /** Whether the PCE named this token. */
  public hasToken(token: string): boolean {
    return this.tokens.includes(token);
  }
}

/** Rethrows the core's ApiError as an IllumioApiError; other errors pass unchanged. */
export function toIllumioError(error: unknown): unknown {
  return error instanceof ApiError && !(error instanceof IllumioApiError) ? new IllumioApiError(error) : error;
}
