import { backoffDelay, parseRetryAfter, resolveRetryOptions, retryDelay } from '../../../src/clients/core';

describe('retry timing', () => {
  const options = resolveRetryOptions({ random: () => 0.5 });

  test('defaults', () => {
    const defaults = resolveRetryOptions(undefined);
    expect([defaults.maxAttempts, defaults.baseDelayMs, defaults.maxDelayMs, defaults.maxRetryAfterMs]).toEqual([8, 250, 8000, 120000]);
  });

  test('backoff doubles per retry, half fixed and half jitter, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, options))).toEqual([188, 375, 750, 1500, 3000, 6000, 6000]);
    const noJitter = resolveRetryOptions({ random: () => 0 });
    const fullJitter = resolveRetryOptions({ random: () => 0.999999 });
    expect(backoffDelay(3, noJitter)).toBe(500);
    expect(backoffDelay(3, fullJitter)).toBe(1000);
  });

  test.each([
    ['0', 0],
    ['2', 2000],
    ['1.5', 1500],
    ['Wed, 21 Oct 2015 07:28:05 GMT', 5000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('Retry-After %p is %p ms', (header, expected) => {
    expect(parseRetryAfter(header, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });

  test('Retry-After wins over backoff and is capped', () => {
    expect(retryDelay(1, '3', options)).toBe(3000);
    expect(retryDelay(1, '3600', options)).toBe(120000);
    expect(retryDelay(2, 'garbage', options)).toBe(375);
  });
});
