/**
 * Fault injection for the simulators: added latency, and the next N matching requests answered
 * with 429 + Retry-After, with a 5xx, or by dropping the connection without a response.
 *
 * Compact syntax (SECOPS_SIM_FAULTS, the admin endpoint's text form, `inject(string)`):
 *
 *   faults  := fault ( ';' fault )*
 *   fault   := effect ( ',' option )*
 *   effect  := 'latency=' MS | STATUS | 'drop'           STATUS is 429 or 500-599
 *   option  := 'times=' ( N | 'all' )                    default 1; latency defaults to all
 *            | 'retry-after=' SECONDS                     429 only, default 1
 *            | 'method=' METHOD                           e.g. GET; default any
 *            | 'path=' PATH                               exact, or a prefix ending in '*'
 *
 *   e.g.  SECOPS_SIM_FAULTS='latency=50;429,times=2,retry-after=1;503,method=GET,path=/v1/acl/*;drop,method=DELETE'
 */

export type FaultKind = 'latency' | 'status' | 'drop';

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
}

/** What the server must do for one request, after matching faults. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly answer?: { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly body?: string } | { readonly kind: 'drop' };
}

interface ActiveFault {
  readonly id: number;
  readonly rule: FaultRule;
  remaining: number;
}

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
      this.active.push({ id, rule: checked, remaining });
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
        answer = fault.rule.kind === 'drop'
          ? { kind: 'drop' }
          : { kind: 'status', status: fault.rule.status!, retryAfter: fault.rule.retryAfter, body: fault.rule.body };
        fault.remaining--;
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
      return rule;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify((rule as { kind: unknown }).kind)} (latency, status or drop)`);
  }
}

/** Parses the compact syntax described at the top of this file. */
export function parseFaults(spec: string): FaultRule[] {
  return spec.split(';').map((part) => part.trim()).filter((part) => part !== '').map(parseFault);
}

function parseFault(text: string): FaultRule {
  const [effect = '', ...options] = text.split(',').map((item) => item.trim());
  let rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = effectRule(effect, text);
  for (const option of options) {
    rule = { ...rule, ...optionField(option, text) };
  }
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
  if (effect === 'drop') {
    return { kind: 'drop' };
  }
  throw new Error(`fault ${JSON.stringify(whole)}: effect must be latency=MS, a status (429 or 5xx) or drop`);
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
