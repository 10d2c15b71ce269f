import { types } from 'node:util';

/**
 * Structured logging for the provider process.
 *
 * Lines go to stderr as hashicorp hclog JSON, the form go-plugin parses from a plugin's stderr,
 * so Terraform shows them under TF_LOG / TF_LOG_PROVIDER with their level and module intact.
 * Every line passes through redaction: sensitive keys and registered secret values never leave.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Structured key/value pairs attached to a log line. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly module: string;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** True when a line at this level would be written; lets callers skip costly field building. */
  enabled(level: LogLevel): boolean;
  /** A logger for a sub-module: `logger('nomad').child('http')` writes as `secops.nomad.http`. */
  child(name: string): Logger;
}

/** Where finished lines go; replaceable for tests. Each call receives one line without newline. */
export type LogSink = (line: string) => void;

export const REDACTED = '[REDACTED]';

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const SILENT = 99;
const DEFAULT_RANK = LEVEL_RANK.warn;
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 8;

// Substrings of field names whose values are always hidden (headers included: keys compare case-insensitively).
const SENSITIVE_KEY = /token|secret|password|authorization|api_key|apikey|cookie|x-nomad-token|x-auth-token/i;

const secrets = new Set<string>();
let sink: LogSink = defaultSink;
let levelOverride: LogLevel | 'off' | undefined;

/** Returns a logger writing as module `secops.<sub>`. */
export function logger(sub: string): Logger {
  return new HclogLogger(`secops.${sub}`);
}

/**
 * Masks this exact value wherever it later appears in a message or field value.
 * Values shorter than 4 characters are ignored: masking them would shred ordinary text.
 */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) {
    secrets.add(value);
  }
}

/** Replaces every registered secret inside `text`. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const secret of secrets) {
    if (masked.includes(secret)) {
      masked = masked.split(secret).join(REDACTED);
    }
  }
  return masked;
}

/**
 * Returns a copy of `value` that is safe to log: sensitive keys at any depth become
 * `[REDACTED]`, registered secrets are masked in strings, errors become plain objects.
 */
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet<object>());
}

/** Test hook: capture lines instead of writing to stderr. Pass undefined to restore stderr. */
export function setLogSink(newSink: LogSink | undefined): void {
  sink = newSink ?? defaultSink;
}

/** Test hook: force a level regardless of the environment. Pass undefined to go back to the environment. */
export function setLogLevel(level: LogLevel | 'off' | undefined): void {
  levelOverride = level;
}

/** The minimum level currently written, or 'off'. Read from the environment on every call. */
export function currentLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel | 'off' {
  const rank = thresholdRank(env);
  if (rank === SILENT) {
    return 'off';
  }
  return (Object.keys(LEVEL_RANK) as LogLevel[]).find((level) => LEVEL_RANK[level] === rank) ?? 'warn';
}

class HclogLogger implements Logger {
  constructor(public readonly module: string) {}

  public trace(message: string, fields?: LogFields): void {
    this.write('trace', message, fields);
  }

  public debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  public info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  public warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  public error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  public enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= thresholdRank(process.env);
  }

  public child(name: string): Logger {
    return new HclogLogger(`${this.module}.${name}`);
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (!this.enabled(level)) {
      return;
    }
    // The @-keys come last so a field can never overwrite them.
    const line: Record<string, unknown> = {
      ...(fields ? redact(fields) as Record<string, unknown> : {}),
      '@level': level,
      '@message': maskSecrets(message),
      '@module': this.module,
      '@timestamp': hclogTimestamp(new Date()),
    };
    try {
      sink(JSON.stringify(line));
    } catch {
      // Logging must never break the provider (e.g. stderr closed during shutdown).
    }
  }
}

function thresholdRank(env: NodeJS.ProcessEnv): number {
  if (levelOverride !== undefined) {
    return levelOverride === 'off' ? SILENT : LEVEL_RANK[levelOverride];
  }
  if ((env.SECOPS_LOG ?? '').toLowerCase() === 'off') {
    return SILENT;
  }
  const configured = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (configured === '') {
    return DEFAULT_RANK;
  }
  if (configured === 'off') {
    return SILENT;
  }
  if (configured in LEVEL_RANK) {
    return LEVEL_RANK[configured as LogLevel];
  }
  // Terraform treats TF_LOG=JSON and any unrecognised value as TRACE; follow it.
  return LEVEL_RANK.trace;
}

/** hclog's TimeFormat, 2006-01-02T15:04:05.000000Z07:00: go-plugin parses exactly six fraction digits. */
function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    return maskSecrets(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  }
  if (seen.has(value) || depth >= MAX_DEPTH) {
    return '[...]';
  }
  // `seen` holds the ancestors only, so a shared (non-cyclic) object is written each time.
  seen.add(value);
  try {
    return redactObject(value, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactObject(value: object, depth: number, seen: WeakSet<object>): unknown {
  // isNativeError also recognises errors created in another realm (vm contexts, jest).
  if (value instanceof Error || types.isNativeError(value)) {
    return redactEntries(errorEntries(value), depth, seen);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, depth + 1, seen));
  }
  if (value instanceof Map || isHeadersLike(value)) {
    return redactEntries(Array.from((value as Map<unknown, unknown>).entries(), ([k, v]) => [String(k), v]), depth, seen);
  }
  return redactEntries(Object.entries(value), depth, seen);
}

function redactEntries(entries: Array<[string, unknown]>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    result[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactValue(entry, depth + 1, seen);
  }
  return result;
}

function errorEntries(error: Error): Array<[string, unknown]> {
  const entries: Array<[string, unknown]> = [['name', error.name], ['message', error.message]];
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) {
    entries.push(['code', code]);
  }
  if (error.cause !== undefined) {
    entries.push(['cause', error.cause]);
  }
  return entries;
}

// Fetch-style Headers objects expose entries() but no enumerable own properties.
function isHeadersLike(value: object): boolean {
  const candidate = value as { entries?: unknown; get?: unknown };
  return typeof candidate.entries === 'function' && typeof candidate.get === 'function';
}

function defaultSink(line: string): void {
  process.stderr.write(line + '\n');
}
