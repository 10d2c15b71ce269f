import { CtyValueError } from './errors';
import { Decimal } from './values';

/**
 * cty numbers are arbitrary-precision decimals. In JS they are `number` (safe integers and every
 * non-integer a double holds exactly), `bigint` (integers beyond 2^53) or `Decimal` (the rest, kept
 * as text). Functions here accept any of the three for any value and never round.
 */
export type CtyNumber = number | bigint | Decimal;

/** sign * digits * 10^exponent; `digits` has no leading or trailing zeros ('' is zero). */
interface ExactDecimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

// What Go's big.ParseFloat(s, 10, ...) takes, as cty.ParseNumberVal calls it (no hex, no '_').
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INFINITY_TEXT = /^([+-]?)(?:inf|Inf)$/;
// Bounds the work (and memory) a hostile "1e999999999" could cause when expanded.
const MAX_EXPONENT = 100_000;

const INT32_MIN = -(2n ** 31n);
const UINT32_LIMIT = 2n ** 32n;
const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n;

export function isCtyNumber(value: unknown): value is CtyNumber {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof Decimal;
}

/**
 * Parses a number written as text (msgpack's string form, JSON, a Decimal) into its canonical JS
 * form; undefined when the text is not a number.
 */
export function parseNumber(text: string): CtyNumber | undefined {
  const infinity = INFINITY_TEXT.exec(text);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  const exact = parseExact(text);
  return exact && canonicalFromExact(exact);
}

/** The canonical JS form of any number: what the decoders produce for the same value. */
export function canonicalNumber(value: CtyNumber): CtyNumber {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new CtyValueError('NaN is not a number cty can hold');
    if (Number.isSafeInteger(value)) return value + 0; // turns -0 into 0
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'bigint') return canonicalFromBigInt(value);
  const parsed = parseNumber(value.text);
  if (parsed === undefined) throw new CtyValueError(`"${value.text}" is not a number`);
  return parsed;
}

export function canonicalFromBigInt(value: bigint): CtyNumber {
  return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
}

/**
 * The form cty's msgpack encoder writes: an integer in int64 range as a msgpack int, a non-integer
 * a double holds exactly as float64 (infinities too), anything else as its decimal text. The
 * result is what @msgpack/msgpack must be handed (with useBigInt64) to write exactly those bytes:
 * small integers as number, so they get the compact int forms cty uses, larger ones as bigint.
 */
export function msgpackNumber(value: CtyNumber): number | bigint | string {
  if (typeof value === 'number') return msgpackDouble(value);
  if (typeof value === 'bigint') return msgpackInteger(value);
  const parsed = canonicalNumber(value);
  return typeof parsed === 'number' ? msgpackDouble(parsed) : typeof parsed === 'bigint' ? msgpackInteger(parsed) : parsed.text;
}

function msgpackDouble(value: number): number | bigint | string {
  if (Number.isNaN(value)) throw new CtyValueError('NaN is not a number cty can hold');
  if (!Number.isInteger(value)) return value; // finite non-integers and the infinities: float64
  if (value >= -(2 ** 31) && value < 2 ** 32) return value + 0;
  return msgpackInteger(BigInt(value));
}

function msgpackInteger(value: bigint): number | bigint | string {
  if (value >= INT32_MIN && value < UINT32_LIMIT) return Number(value);
  if (value >= INT64_MIN && value < INT64_LIMIT) return value;
  return value.toString();
}

/**
 * The decimal text cty's JSON encoder writes (big.Float.Text('f', -1)): no exponent, no
 * trailing zeros. A non-integer double gets its shortest round-trip digits, as cty writes a
 * float64-precision value; integers are written exactly.
 */
export function numberText(value: CtyNumber): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return doubleText(value);
  if (INFINITY_TEXT.test(value.text)) throw new CtyValueError('infinity has no decimal text');
  const exact = parseExact(value.text);
  if (!exact) throw new CtyValueError(`"${value.text}" is not a number`);
  return exactText(exact);
}

function doubleText(value: number): string {
  if (!Number.isFinite(value)) throw new CtyValueError(Number.isNaN(value) ? 'NaN is not a number cty can hold' : 'infinity has no decimal text');
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value + 0) : BigInt(value).toString();
  const shortest = String(value);
  return shortest.includes('e') ? exactText(parseExact(shortest)!) : shortest;
}

/**
 * A key equal for two numbers exactly when cty's Value.Equals says they are equal: integers by
 * exact value, other numbers by their JSON text (so the double 0.1 equals Decimal('0.1'), as it
 * does in Terraform).
 */
export function numberKey(value: CtyNumber): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value instanceof Decimal) {
    const infinity = INFINITY_TEXT.exec(value.text);
    if (infinity) return infinity[1] === '-' ? '-Inf' : '+Inf';
  }
  return numberText(value);
}

export function isInfiniteNumber(value: CtyNumber): boolean {
  if (typeof value === 'number') return value === Infinity || value === -Infinity;
  return value instanceof Decimal && INFINITY_TEXT.test(value.text);
}

export function numbersEqual(a: CtyNumber, b: CtyNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  return numberKey(a) === numberKey(b);
}

function parseExact(text: string): ExactDecimal | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) throw new CtyValueError(`number "${text}" is out of the range this provider handles`);
  return normalize(sign === '-', whole + fraction, exponent - fraction.length);
}

function normalize(negative: boolean, digitText: string, exponent: number): ExactDecimal {
  let start = 0;
  while (start < digitText.length && digitText[start] === '0') start++;
  let end = digitText.length;
  while (end > start && digitText[end - 1] === '0') end--;
  if (start === end) return { negative: false, digits: '', exponent: 0 };
  return { negative, digits: digitText.slice(start, end), exponent: exponent + digitText.length - end };
}

function exactText({ negative, digits, exponent }: ExactDecimal): string {
  if (digits === '') return '0';
  const sign = negative ? '-' : '';
  if (exponent >= 0) return sign + digits + '0'.repeat(exponent);
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${digits}`;
}

function canonicalFromExact(exact: ExactDecimal): CtyNumber {
  const text = exactText(exact);
  if (exact.exponent >= 0) {
    return exact.digits.length + exact.exponent <= 15 ? Number(text) : canonicalFromBigInt(BigInt(text));
  }
  const double = Number(text);
  return sameExact(exactOfDouble(double), exact) ? double : new Decimal(text);
}

/** The exact decimal value of a finite double: m / 2^k = m * 5^k / 10^k. */
function exactOfDouble(value: number): ExactDecimal | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value)) return normalize(value < 0, BigInt(Math.abs(value)).toString(), 0);
  let scaled = Math.abs(value);
  let k = 0;
  while (!Number.isInteger(scaled)) {
    scaled *= 2; // exact: doubles below 2^53 with a fraction never overflow or round here
    k++;
  }
  return normalize(value < 0, (BigInt(scaled) * 5n ** BigInt(k)).toString(), -k);
}

function sameExact(a: ExactDecimal | undefined, b: ExactDecimal): boolean {
  return a !== undefined && a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}
