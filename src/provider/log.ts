/**
 * The provider's logger. go-plugin reads the plugin's stderr and re-logs every line that parses as
 * hclog JSON at the level it names, so Terraform shows these lines under TF_LOG / TF_LOG_PROVIDER:
 *
 *   {"@level":"debug","@message":"...","@module":"secops","@timestamp":"2025-01-02T03:04:05.678000Z","key":"value"}
 *
 * The level comes from TF_LOG_PROVIDER, else TF_LOG (Terraform passes its environment to the
 * plugin), read the way Terraform reads them. Without either, only warnings and errors are written.
 *
 * Secrets never reach the log: fields whose name looks like a credential are replaced by
 * "[REDACTED]", and values given to `registerSecret` are masked wherever they appear.
 */

import { maskSecrets, registerSecret as registerInSharedRegistry } from '../util/log';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** True when lines of this level are written; lets callers skip building costly fields. */
  enabled(level: LogLevel): boolean;
  /** A logger whose lines carry `@module` "<this module>.<name>". */
  child(name: string): Logger;
}

export const REDACTED = '[REDACTED]';

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const OFF = 5;
const DEFAULT_THRESHOLD = LEVEL_RANK.warn;

/** Field names that hold credentials, whatever their casing or separators. */
const SENSITIVE_KEY =
  /token|secret|passw(or)?d|passphrase|authorization|api[-_]?key|cookie|credential|private[-_]?key/i;

/**
 * Mask `value` in every later log line and in texts passed through `redactText`. Values shorter
 * than 4 characters are ignored (they would mask ordinary words). The registry is the one of
 * src/util/log.ts, so a secret registered by a client is masked here too, and the reverse.
 */
export function registerSecret(value: string | undefined | null): void {
  registerInSharedRegistry(value ?? undefined);
}

/** `text` with every registered secret replaced by "[REDACTED]". */
export function redactText(text: string): string {
  return maskSecrets(text);
}

/**
 * A copy of `fields` that is safe to log: credential-like keys replaced at any depth, registered
 * secrets masked in strings, errors reduced to their name and message.
 */
export function redactFields(fields: LogFields): LogFields {
  return redactValue(fields, 0) as LogFields;
}

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const safe: LogFields = {};
  for (const [key, item] of Object.entries(value)) {
    safe[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return safe;
}

/**
 * The lowest level written, from TF_LOG_PROVIDER or TF_LOG as Terraform reads them: a level name
 * in any case, JSON meaning trace, OFF meaning nothing, anything else meaning trace.
 */
export function thresholdFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const setting = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (setting === '') return DEFAULT_THRESHOLD;
  if (setting === 'off') return OFF;
  if (setting === 'json') return LEVEL_RANK.trace;
  return Object.prototype.hasOwnProperty.call(LEVEL_RANK, setting) ? LEVEL_RANK[setting as LogLevel] : LEVEL_RANK.trace;
}

/** hclog's timestamp layout: microseconds and a zone ("2006-01-02T15:04:05.000000Z07:00"). */
function hclogTimestamp(now: Date): string {
  return now.toISOString().replace('Z', '000Z');
}

/** Where lines go; stderr unless a test swaps it. */
export type LogSink = (line: string) => void;
const stderrSink: LogSink = (line) => {
  try {
    process.stderr.write(line);
  } catch {
    // Logging must never break the provider (stderr closed during shutdown).
  }
};

/** One hclog JSON line (with its newline); fields cannot overwrite the `@` keys. */
export function formatLine(level: LogLevel, module: string, message: string, fields?: LogFields, now = new Date()): string {
  const entry: LogFields = {
    '@level': level,
    '@message': redactText(message),
    '@module': module,
    '@timestamp': hclogTimestamp(now),
  };
  for (const [key, value] of Object.entries(fields ? redactFields(fields) : {})) {
    if (!(key in entry)) entry[key] = value;
  }
  return JSON.stringify(entry) + '\n';
}

export function createLogger(module = 'secops', options: { threshold?: number; sink?: LogSink } = {}): Logger {
  const threshold = options.threshold ?? thresholdFromEnv();
  const sink = options.sink ?? stderrSink;
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] >= threshold) sink(formatLine(level, module, message, fields));
  };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    enabled: (level) => LEVEL_RANK[level] >= threshold,
    child: (name) => createLogger(`${module}.${name}`, { threshold, sink }),
  };
}

/** The provider's root logger; layers take a child of it (`log.child('illumio')`). */
export const log: Logger = createLogger();
