import type { Handler } from './http';

/**
 * Route patterns: literal segments, `:name` for one non-empty segment, and a final `*name` for
 * the rest of the path (slashes included; empty for a trailing slash, absent without one).
 */
interface Route {
  readonly methods: ReadonlySet<string>;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

export class Router {
  private readonly routes: Route[] = [];

  public add(methods: string | readonly string[], pattern: string, handler: Handler): void {
    const list = typeof methods === 'string' ? [methods] : methods;
    this.routes.push({ methods: new Set(list.map((m) => m.toUpperCase())), segments: split(pattern), handler });
  }

  public match(method: string, path: string): RouteMatch {
    const segments = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) {
        continue;
      }
      if (route.methods.has(method.toUpperCase())) {
        return { kind: 'found', handler: route.handler, params };
      }
      allowed.push(...route.methods);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  // Keep a trailing empty segment: '/v1/x/' must differ from '/v1/x'.
  return path.replace(/^\//, '').split('/');
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected.startsWith('*')) {
      if (actual.length <= i) {
        return undefined;
      }
      params[expected.slice(1)] = actual.slice(i).map(decode).join('/');
      return params;
    }
    const segment = actual[i];
    if (segment === undefined) {
      return undefined;
    }
    if (expected.startsWith(':')) {
      if (segment === '') {
        return undefined;
      }
      params[expected.slice(1)] = decode(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return pattern.length === actual.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
