import { ApiError, TransportError } from '../core';

export interface CreateOnceOptions {
  /** Posts in total, the first included. Default 3. */
  readonly attempts?: number;
  /** Decides whether a failed post may have landed anyway. Default {@link isAmbiguousWriteFailure}. */
  readonly isAmbiguous?: (error: unknown) => boolean;
  /** Runs before each repeated post (backoff); gets the number of the post about to be made. */
  readonly beforeRetry?: (attempt: number, error: unknown) => Promise<void>;
}

/**
 * A failure after which the server may or may not have applied a write: the answer was lost
 * (reset, timeout, closed socket) or the server failed mid-way (5xx other than 501).
 */
export function isAmbiguousWriteFailure(error: unknown): boolean {
  if (error instanceof TransportError) {
    return true;
  }
  return error instanceof ApiError && error.status >= 500 && error.status !== 501;
}

/**
 * Creates an object at most once. After an ambiguous failure of `post`, looks the object up by
 * its unique key with `findExisting` before posting again: if the lost post landed, its object is
 * returned instead of creating a duplicate. Definite failures (4xx) are thrown at once.
 */
export async function createOnce<T>(post: () => Promise<T>, findExisting: () => Promise<T | undefined>, options: CreateOnceOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const isAmbiguous = options.isAmbiguous ?? isAmbiguousWriteFailure;
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (error) {
      if (!isAmbiguous(error)) {
        throw error;
      }
      const existing = await findExisting();
      if (existing !== undefined) {
        return existing;
      }
      if (attempt >= attempts) {
        throw error;
      }
      await options.beforeRetry?.(attempt + 1, error);
    }
  }
}
