import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A not-found (or other accepted 4xx) answer a client turned into "no such object". Kept so that
 * a caller that only sees `undefined` (e.g. an import's read) can still quote what the vendor said.
 */
export interface RefusalAnswer {
  readonly vendor: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The vendor's own message, or the body's text. */
  readonly message?: string;
}

const recorders = new AsyncLocalStorage<RefusalAnswer[]>();

/** Runs `work`, collecting the accepted 4xx answers of every request it makes (in order). */
export async function collectRefusals<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly refusals: readonly RefusalAnswer[] }> {
  const refusals: RefusalAnswer[] = [];
  const result = await recorders.run(refusals, work);
  return { result, refusals };
}

/** Called by the HTTP core for an accepted 4xx answer; a no-op outside `collectRefusals`. */
export function noteRefusal(answer: RefusalAnswer): void {
  recorders.getStore()?.push(answer);
}

/** `Illumio answered 404 on GET /orgs/1/labels/9: not found`. */
export function describeRefusal(answer: RefusalAnswer): string {
  const said = answer.message ? `: ${answer.message}` : '';
  return `${answer.vendor} answered ${answer.status} on ${answer.method} ${answer.path}${said}`;
}
