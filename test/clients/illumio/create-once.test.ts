import { ApiError, TransportError } from '../../../src/clients/core';
import { createOnce, isAmbiguousWriteFailure } from '../../../src/clients/illumio';

const request = { vendor: 'Illumio PCE', method: 'POST', path: '/api/v2/orgs/1/labels', origin: 'https://pce:8443' };
const apiError = (status: number): ApiError => new ApiError({ ...request, status, body: '', headers: {}, attempts: 1 });
const reset = (): TransportError => new TransportError(request, 'ECONNRESET', 'connection reset', 1);

/** A post that fails with the given errors, then succeeds with `made`. */
function scriptedPost(errors: unknown[], made = 'created'): { post: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    post: async () => {
      const error = errors[calls++];
      if (error !== undefined) {
        throw error;
      }
      return made;
    },
    calls: () => calls,
  };
}

describe('createOnce', () => {
  test('a successful post is returned without any lookup', async () => {
    const find = jest.fn(async () => 'existing');
    expect(await createOnce(scriptedPost([]).post, find)).toBe('created');
    expect(find).not.toHaveBeenCalled();
  });

  test('after an ambiguous failure, an object found by its key is returned and not posted again', async () => {
    const post = scriptedPost([reset()]);
    expect(await createOnce(post.post, async () => 'found')).toBe('found');
    expect(post.calls()).toBe(1);
  });

  test('when nothing is found, the post is repeated after beforeRetry', async () => {
    const post = scriptedPost([apiError(503), reset()]);
    const retries: number[] = [];
    const result = await createOnce(post.post, async () => undefined, { beforeRetry: async (attempt) => void retries.push(attempt) });
    expect(result).toBe('created');
    expect([post.calls(), retries]).toEqual([3, [2, 3]]);
  });

  test('definite failures are thrown at once, without lookup', async () => {
    const find = jest.fn(async () => 'existing');
    await expect(createOnce(scriptedPost([apiError(406)]).post, find)).rejects.toMatchObject({ status: 406 });
    expect(find).not.toHaveBeenCalled();
  });

  test('the last ambiguous error is thrown when attempts run out', async () => {
    const post = scriptedPost([reset(), reset()]);
    await expect(createOnce(post.post, async () => undefined, { attempts: 2 })).rejects.toBeInstanceOf(TransportError);
    expect(post.calls()).toBe(2);
  });

  test('a failing lookup propagates (nothing is posted blindly)', async () => {
    const post = scriptedPost([reset()]);
    await expect(createOnce(post.post, async () => Promise.reject(new Error('lookup down')))).rejects.toThrow('lookup down');
    expect(post.calls()).toBe(1);
  });

  test.each([
    [reset(), true], [apiError(500), true], [apiError(502), true], [apiError(501), false], [apiError(406), false], [apiError(429), false], [new Error('x'), false],
  ])('isAmbiguousWriteFailure(%p) is %p', (error, expected) => {
    expect(isAmbiguousWriteFailure(error)).toBe(expected);
  });
});
