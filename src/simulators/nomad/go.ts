/** Small reproductions of Go standard-library behaviour that Nomad's HTTP answers depend on. */

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds; undefined where Go returns an error. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return 0;
  }
  if (rest === '') {
    return undefined;
  }
  let total = 0;
  while (rest !== '') {
    const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (part === null || (part[1] === '' && (part[2] ?? '') === '')) {
      return undefined;
    }
    const unit = DURATION_UNITS_MS[part[3]!];
    if (unit === undefined) {
      return undefined;
    }
    total += Number(`${part[1] || '0'}.${part[2] || '0'}`) * unit;
    rest = rest.slice(part[0].length);
  }
  return sign * total;
}

/** Go's strconv.ParseUint(s, 10, 64); undefined on error. Values past 2^53 are clamped. */
export function parseGoUint(text: string): number | undefined {
  if (!/^\d+$/.test(text) || BigInt(text) > 18446744073709551615n) {
    return undefined;
  }
  return Math.min(Number(text), Number.MAX_SAFE_INTEGER);
}

/** Go's strconv.ParseBool. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) {
    return false;
  }
  return undefined;
}

let lastNanos = 0n;

/**
 * Now in UTC as Go's time.Time marshals to JSON (RFC3339Nano: nanoseconds, trailing zeros
 * trimmed). Nanoseconds come from the high-resolution clock so consecutive stamps differ.
 */
export function goTimeNow(): string {
  const wallNanos = BigInt(Date.now()) * 1_000_000n + process.hrtime.bigint() % 1_000_000n;
  lastNanos = wallNanos > lastNanos ? wallNanos : lastNanos + 1n;
  return formatRfc3339Nano(lastNanos);
}

export function formatRfc3339Nano(epochNanos: bigint): string {
  const millis = Number(epochNanos / 1_000_000n);
  const fraction = (epochNanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const seconds = new Date(millis).toISOString().slice(0, 19);
  return fraction === '' ? `${seconds}Z` : `${seconds}.${fraction}Z`;
}

/** hashicorp/go-multierror's default ListFormatFunc. */
export function formatMultiError(errors: readonly string[]): string {
  if (errors.length === 1) {
    return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  }
  return `${errors.length} errors occurred:\n\t${errors.map((error) => `* ${error}`).join('\n\t')}\n\n`;
}

/** The JSON kind names Go's encoding/json uses in UnmarshalTypeError. */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/**
 * Approximates the message of Go's json.Decoder for input JSON.parse rejects: "EOF" for a blank
 * body, "unexpected EOF" for a truncated one, otherwise "invalid character ..." at the offending byte.
 */
export function goJsonSyntaxError(body: string, error: Error): string {
  if (body.trim() === '') {
    return 'EOF';
  }
  if (/end of (JSON )?input|Unterminated/i.test(error.message)) {
    return 'unexpected EOF';
  }
  const at = /position (\d+)/.exec(error.message);
  const index = at ? Number(at[1]) : body.search(/\S/);
  const char = body[index] ?? '';
  return `invalid character ${goQuoteRune(char)} looking for beginning of value`;
}

function goQuoteRune(char: string): string {
  if (char === '\'') {
    return '\'\\\'\'';
  }
  return `'${char}'`;
}
