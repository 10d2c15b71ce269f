/**
 * Fault injection for the simulators: added latency, and the next N matching requests answered
 * with 429 + Retry-After, with a 5xx, by dropping the connection without a response (nothing
 * applied), or by losing the answer (the write applied, then the connection closed). Or faults at
 * random: a share of all requests, drawn from a seeded generator.
 *
 * Compact syntax (SECOPS_SIM_FAULTS, `secops sandbox --faults`, the admin endpoint's text form,
 * `inject(string)`):
 *
 *   faults  := fault ( ';' fault )*
 *   fault   := effect ( ',' option )* | share ( ',' ( share | option | 'seed=' N ) )*
 *   effect  := 'latency=' MS | STATUS | 'drop' | 'lost'  STATUS is 429 or 500-599
 *   share   := ( 'lost' | 'drop' | STATUS ) '=' P         P in [0, 1]: that share of matching requests
 *   option  := 'times=' ( N | 'all' )                    default 1; latency and shares: all
 *            | 'retry-after=' SECONDS                     429 only, default 1
 *            | 'method=' METHOD                           e.g. GET; default any
 *            | 'path=' PATH                               exact, or a prefix ending in '*'
 *
 * `lost` applies to writes only (not GET, HEAD or OPTIONS): the handler runs, then the socket is
 * closed before any answer, as when a proxy or load balancer drops a response.
 *
 *   e.g.  SECOPS_SIM_FAULTS='latency=50;429,times=2,retry-after=1;503,method=GET,path=/v1/acl/*;lost,method=DELETE'
 *         SECOPS_SIM_FAULTS='lost=0.25,429=0.08,503=0.04,seed=7'
 */

export type FaultKind = 'latency' | 'status' | 'drop' | 'lost' | 'random';

/** Shares of requests answered with a fault at random; the rest are served. */
export interface FaultShares {
  readonly lost?: number;
  readonly drop?: number;
  /** Status (429 or 5xx) to share, e.g. { 429: 0.08, 503: 0.04 }. */
  readonly statuses?: Readonly<Record<number, number>>;
}

export interface FaultRule {
  readonly kind: FaultKind;
  /** How many matching requests it applies to: a count or 'all'. Default: 'all' for latency, else 1. */
  readonly times?: number | 'all';
  /** Only requests with this method (case-insensitive). */
  readonly method?: string;
  /** Only this path, or paths starting with the prefix when it ends in `*`. */
  readonly path?: string;
  /** latency: delay in ms. */
  readonly latencyMs?: number;
  /** status: the status to answer, 429 or 5xx. */
  readonly status?: number;
  /** status 429: the Retry-After header value (seconds or an HTTP-date). Default "1". */
  readonly retryAfter?: string;
  /** status: response body; default a short text naming the injected fault. */
  readonly body?: string;
  /** random: the share of each fault. */
  readonly shares?: FaultShares;
  /** random: the generator's seed, so that a run can be repeated. Default: drawn at random. */
  readonly seed?: number;
}

/** What the server must do for one request, after matching faults. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly answer?: { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly body?: string } | { readonly kind: 'drop' | 'lost' };
}

type Answer = NonNullable<FaultDecision['answer']>;

interface ActiveFault {
  readonly id: number;
  readonly rule: FaultRule;
  remaining: number;
  /** random: the rule's generator. */
  readonly next?: () => number;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  /** Adds faults (rule objects or the compact syntax). Returns their ids. */
  public inject(faults: FaultRule | readonly FaultRule[] | string): number[] {
    const rules = typeof faults === 'string' ? parseFaults(faults) : Array.isArray(faults) ? faults : [faults as FaultRule];
    return rules.map((rule) => {
      const checked = validateFault(rule);
      const times = checked.times ?? (checked.kind === 'latency' ? 'all' : 1);
      const remaining = times === 'all' ? Infinity : times;
      const id = this.nextId++;
      const next = checked.kind === 'random' ? seededRandom(checked.seed ?? Math.floor(Math.random() * 2 ** 32)) : undefined;
      this.active.push({ id, rule: checked, remaining, next });
      return id;
    });
  }

  public clear(): void {
    this.active.length = 0;
  }

  /** Active faults with what is left of them. */
  public list(): Array<FaultRule & { readonly id: number; readonly remaining: number | 'all' }> {
    return this.active.map((fault) => ({ ...fault.rule, id: fault.id, remaining: fault.remaining === Infinity ? 'all' : fault.remaining }));
  }

  /** Consumes the faults matching this request and says what to do with it. */
  public decide(method: string, path: string): FaultDecision {
    let delayMs = 0;
    let answer: FaultDecision['answer'];
    for (const fault of this.active) {
      if (!matches(fault.rule, method, path)) {
        continue;
      }
      if (fault.rule.kind === 'latency') {
        delayMs += fault.rule.latencyMs ?? 0;
        fault.remaining--;
      } else if (answer === undefined) {
        answer = fault.next === undefined ? fixedAnswer(fault.rule, method) : drawAnswer(fault.rule, fault.next(), method);
        if (answer !== undefined) fault.remaining--;
      }
    }
    this.removeSpent();
    return { delayMs, answer };
  }

  private removeSpent(): void {
    for (let i = this.active.length - 1; i >= 0; i--) {
      if (this.active[i]!.remaining <= 0) {
        this.active.splice(i, 1);
      }
    }
  }
}

/** The answer of a fixed fault; a lost answer is only for writes. */
function fixedAnswer(rule: FaultRule, method: string): Answer | undefined {
  switch (rule.kind) {
    case 'drop':
      return { kind: 'drop' };
    case 'lost':
      return READ_METHODS.has(method.toUpperCase()) ? undefined : { kind: 'lost' };
    default:
      return { kind: 'status', status: rule.status!, retryAfter: rule.retryAfter, body: rule.body };
  }
}

/** The answer a random fault gives for a draw in [0, 1): each share takes its slice, in a fixed order. */
function drawAnswer(rule: FaultRule, draw: number, method: string): Answer | undefined {
  const shares = rule.shares ?? {};
  let upTo = shares.lost ?? 0;
  if (draw < upTo) return READ_METHODS.has(method.toUpperCase()) ? undefined : { kind: 'lost' };
  upTo += shares.drop ?? 0;
  if (draw < upTo) return { kind: 'drop' };
  for (const [status, share] of Object.entries(shares.statuses ?? {}).sort(([a], [b]) => Number(a) - Number(b))) {
    upTo += share;
    if (draw < upTo) return { kind: 'status', status: Number(status), retryAfter: Number(status) === 429 ? rule.retryAfter ?? '1' : undefined, body: rule.body };
  }
  return undefined;
}

/** mulberry32: a small, fast generator; the same seed gives the same draws. */
/* eslint-disable no-bitwise -- a PRNG is bit arithmetic */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (rule.path === undefined) {
    return true;
  }
  return rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

function validateFault(rule: FaultRule): FaultRule {
  if (rule.times !== undefined && rule.times !== 'all' && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new Error(`fault times must be a positive integer or 'all', got ${JSON.stringify(rule.times)}`);
  }
  switch (rule.kind) {
    case 'latency':
      if (rule.latencyMs === undefined || !(rule.latencyMs >= 0)) {
        throw new Error('a latency fault needs latencyMs >= 0');
      }
      return rule;
    case 'status':
      if (rule.status === undefined || !(rule.status === 429 || (rule.status >= 500 && rule.status <= 599))) {
        throw new Error(`a status fault needs status 429 or 500-599, got ${rule.status}`);
      }
      return rule.status === 429 ? { ...rule, retryAfter: rule.retryAfter ?? '1' } : rule;
    case 'drop':
    case 'lost':
      return rule;
    case 'random':
      return validateShares(rule);
    default:
      throw new Error(`unknown fault kind ${JSON.stringify((rule as { kind: unknown }).kind)} (latency, status, drop, lost or random)`);
  }
}

function validateShares(rule: FaultRule): FaultRule {
  const shares = rule.shares ?? {};
  const all: Array<[string, number | undefined]> = [['lost', shares.lost], ['drop', shares.drop], ...Object.entries(shares.statuses ?? {})];
  let total = 0;
  for (const [name, share] of all) {
    if (share === undefined) continue;
    if (!(share >= 0 && share <= 1)) throw new Error(`fault share ${name}=${share} must be between 0 and 1`);
    if (name !== 'lost' && name !== 'drop' && !(Number(name) === 429 || (Number(name) >= 500 && Number(name) <= 599))) {
      throw new Error(`a fault share needs lost, drop, 429 or 500-599, got ${name}`);
    }
    total += share;
  }
  if (total > 1) throw new Error(`fault shares add up to ${total}, more than 1`);
  if (rule.seed !== undefined && !Number.isInteger(rule.seed)) throw new Error(`fault seed must be an integer, got ${rule.seed}`);
  return rule.times === undefined ? { ...rule, times: 'all' } : rule;
}

/** Parses the compact syntax described at the top of this file. */
export function parseFaults(spec: string): FaultRule[] {
  return spec.split(';').map((part) => part.trim()).filter((part) => part !== '').map(parseFault);
}

function parseFault(text: string): FaultRule {
  const [effect = '', ...options] = text.split(',').map((item) => item.trim());
  if (SHARE.test(effect)) {
    return parseShares(text, [effect, ...options]);
  }
  let rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = effectRule(effect, text);
  for (const option of options) {
    rule = { ...rule, ...optionField(option, text) };
  }
  return validateFault(rule);
}

const SHARE = /^(lost|drop|\d{3})=/;

/** `lost=0.25,429=0.08,503=0.04,seed=7[,method=..,path=..,retry-after=..]`. */
function parseShares(whole: string, items: readonly string[]): FaultRule {
  let lost: number | undefined;
  let drop: number | undefined;
  const statuses: Record<number, number> = {};
  let rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = { kind: 'random' };
  for (const item of items) {
    const share = /^(lost|drop|\d{3})=(.*)$/.exec(item);
    if (share) {
      const value = Number(share[2]);
      if (share[2] === '' || Number.isNaN(value)) throw new Error(`fault ${JSON.stringify(whole)}: ${share[1]} needs a share between 0 and 1`);
      if (share[1] === 'lost') lost = value;
      else if (share[1] === 'drop') drop = value;
      else statuses[Number(share[1])] = value;
    } else if (item.startsWith('seed=')) {
      if (!/^\d+$/.test(item.slice(5))) throw new Error(`fault ${JSON.stringify(whole)}: seed must be a whole number`);
      rule.seed = Number(item.slice(5));
    } else {
      rule = { ...rule, ...optionField(item, whole) };
    }
  }
  rule.shares = { lost, drop, statuses };
  return validateFault(rule);
}

function effectRule(effect: string, whole: string): FaultRule {
  const latency = /^latency=(\d+)$/.exec(effect);
  if (latency) {
    return { kind: 'latency', latencyMs: Number(latency[1]) };
  }
  if (/^\d{3}$/.test(effect)) {
    return { kind: 'status', status: Number(effect) };
  }
  if (effect === 'drop' || effect === 'lost') {
    return { kind: effect };
  }
  throw new Error(`fault ${JSON.stringify(whole)}: effect must be latency=MS, a status (429 or 5xx), drop, lost, or shares such as lost=0.25,429=0.08`);
}

function optionField(option: string, whole: string): Partial<FaultRule> {
  const separator = option.indexOf('=');
  const key = separator < 0 ? option : option.slice(0, separator);
  const value = separator < 0 ? '' : option.slice(separator + 1);
  switch (key) {
    case 'times':
      if (value === 'all') {
        return { times: 'all' };
      }
      if (!/^\d+$/.test(value)) {
        throw new Error(`fault ${JSON.stringify(whole)}: times must be a number or "all"`);
      }
      return { times: Number(value) };
    case 'retry-after':
      return { retryAfter: value };
    case 'method':
      return { method: value.toUpperCase() };
    case 'path':
      return { path: value };
    default:
      throw new Error(`fault ${JSON.stringify(whole)}: unknown option ${JSON.stringify(key)} (times, retry-after, method, path)`);
  }
}
