/**
 * A tiny PEG engine with the failure bookkeeping of pigeon, the parser generator behind
 * hashicorp/go-bexpr, so that a grammar transcribed into these combinators accepts exactly the
 * same inputs and reports the same positions and "expected" lists as the Go parser.
 *
 * Pigeon facts reproduced here: ordered choice with backtracking; the farthest failure offset
 * collects what each literal / class / any-char wanted there (inverted inside `!`); errors raised by
 * actions or `&{}` predicates are kept even if parsing later succeeds and then fail the parse;
 * positions print as `line:col (byteOffset)` with pigeon's column counting.
 *
 * Semantic values live on a stack (`PegState.values`): `action` replaces what its expression
 * pushed with one value, and every combinator drops what a failed alternative pushed, so a
 * successful parse leaves exactly the values of the rules that matched.
 */

export type Expr = (state: PegState) => boolean;

export interface PegError {
  /** Index into the input's code points. */
  readonly index: number;
  /** Rule label as pigeon prints it, e.g. `"string"` or `Input`. */
  readonly rule: string | undefined;
  readonly message: string;
}

export class PegState {
  public readonly chars: readonly string[];
  public pos = 0;
  public maxFailPos = -1;
  public expected: string[] = [];
  public invert = false;
  public readonly errors: PegError[] = [];
  public readonly ruleStack: string[] = [];
  public readonly memo = new Map<string, { readonly ok: boolean; readonly end: number; readonly values: readonly unknown[] }>();
  /** Semantic values of what has matched so far. */
  public readonly values: unknown[] = [];

  constructor(input: string) {
    this.chars = Array.from(input);
  }

  /** pigeon's failAt: failures count normally, successes count only inside `!`. */
  public record(matched: boolean, at: number, want: string): void {
    if (matched !== this.invert || at < this.maxFailPos) {
      return;
    }
    if (at > this.maxFailPos) {
      this.maxFailPos = at;
      this.expected = [];
    }
    this.expected.push(this.invert ? `!${want}` : want);
  }

  public raise(at: number, message: string): void {
    this.errors.push({ index: at, rule: this.ruleStack[this.ruleStack.length - 1], message });
  }
}

/** A literal; pigeon names it with Go's strconv.Quote. */
export function lit(text: string): Expr {
  const want = JSON.stringify(text);
  const wanted = Array.from(text);
  return (s) => {
    const start = s.pos;
    for (const char of wanted) {
      if (s.chars[s.pos] !== char) {
        s.record(false, start, want);
        s.pos = start;
        return false;
      }
      s.pos++;
    }
    s.record(true, start, want);
    return true;
  };
}

/** A character class; `source` is its grammar text, which pigeon reports verbatim. */
export function cls(source: string, test: RegExp): Expr {
  return (s) => {
    const char = s.chars[s.pos];
    const ok = char !== undefined && test.test(char);
    s.record(ok, s.pos, source);
    if (ok) {
      s.pos++;
    }
    return ok;
  };
}

export const anyChar: Expr = (s) => {
  if (s.pos >= s.chars.length) {
    s.record(false, s.pos, '.');
    return false;
  }
  s.record(true, s.pos, '.');
  s.pos++;
  return true;
};

/** Runs expr; when it fails, restores the position and drops the values it pushed. */
function attempt(s: PegState, expr: Expr): boolean {
  const start = s.pos;
  const depth = s.values.length;
  if (expr(s)) {
    return true;
  }
  s.pos = start;
  s.values.length = depth;
  return false;
}

export function seq(...exprs: Expr[]): Expr {
  return (s) => {
    const start = s.pos;
    const depth = s.values.length;
    for (const expr of exprs) {
      if (!expr(s)) {
        s.pos = start;
        s.values.length = depth;
        return false;
      }
    }
    return true;
  };
}

export function choice(...exprs: Expr[]): Expr {
  return (s) => exprs.some((expr) => attempt(s, expr));
}

export function star(expr: Expr): Expr {
  return (s) => {
    while (attempt(s, expr)) {
      // consume greedily
    }
    return true;
  };
}

export function plus(expr: Expr): Expr {
  return (s) => attempt(s, expr) && star(expr)(s);
}

export function opt(expr: Expr): Expr {
  return (s) => {
    attempt(s, expr);
    return true;
  };
}

/** `!expr`: succeeds without consuming when expr fails; expectations are inverted inside. */
export function not(expr: Expr): Expr {
  return (s) => {
    const start = s.pos;
    const depth = s.values.length;
    s.invert = !s.invert;
    const ok = expr(s);
    s.invert = !s.invert;
    s.pos = start;
    s.values.length = depth;
    return !ok;
  };
}

/** `&expr`: succeeds without consuming when expr succeeds. */
export function and(expr: Expr): Expr {
  return (s) => {
    const start = s.pos;
    const depth = s.values.length;
    const ok = expr(s);
    s.pos = start;
    s.values.length = depth;
    return ok;
  };
}

/** `&{ return false, errors.New(message) }`: records an error here and fails. */
export function raise(message: string): Expr {
  return (s) => {
    s.raise(s.pos, message);
    return false;
  };
}

/** An action that may return an error: the match stands, the error is recorded at its start. */
export function check(expr: Expr, validate: (text: string) => string | undefined): Expr {
  return (s) => {
    const start = s.pos;
    if (!expr(s)) {
      return false;
    }
    const problem = validate(s.chars.slice(start, s.pos).join(''));
    if (problem !== undefined) {
      s.raise(start, problem);
    }
    return true;
  };
}

/**
 * pigeon's `{ return ... }` code block: when expr matches, the values it pushed are replaced by
 * `build(values, matchedText)`.
 */
export function action<T>(expr: Expr, build: (values: unknown[], text: string) => T): Expr {
  return (s) => {
    const start = s.pos;
    const depth = s.values.length;
    if (!expr(s)) {
      return false;
    }
    const values = s.values.splice(depth);
    s.values.push(build(values, s.chars.slice(start, s.pos).join('')));
    return true;
  };
}

let ruleIds = 0;

/**
 * A named rule. `label` is how pigeon names it in errors (the display name with its quotes, or
 * the rule name). The body is resolved lazily so rules may refer to each other. Results are
 * memoised per position, which keeps nested parentheses linear and changes no outcome.
 */
export function rule(label: string, body: () => Expr): Expr {
  const id = ruleIds++;
  let resolved: Expr | undefined;
  return (s) => {
    const key = `${id}:${s.pos}:${s.invert}`;
    const cached = s.memo.get(key);
    if (cached !== undefined) {
      if (cached.ok) {
        s.pos = cached.end;
        s.values.push(...cached.values);
      }
      return cached.ok;
    }
    resolved ??= body();
    const depth = s.values.length;
    s.ruleStack.push(label);
    const ok = attempt(s, resolved);
    s.ruleStack.pop();
    s.memo.set(key, { ok, end: s.pos, values: s.values.slice(depth) });
    return ok;
  };
}

/** pigeon's position: line, column (its own counting: a newline starts column 0), byte offset. */
export function position(chars: readonly string[], index: number): { line: number; column: number; offset: number } {
  let line = 1;
  let column = 0;
  let offset = 0;
  for (let i = 0; i <= index; i++) {
    column++;
    if (chars[i] === '\n') {
      line++;
      column = 0;
    }
    if (i < index) {
      offset += Buffer.byteLength(chars[i] ?? '', 'utf8');
    }
  }
  return { line, column, offset };
}
