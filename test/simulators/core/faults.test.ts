import { FaultInjector, parseFaults } from '../../../src/simulators/core';

describe('fault syntax', () => {
  test('parses every effect and option', () => {
    expect(parseFaults('latency=50; 429,times=2,retry-after=3 ;503,method=get,path=/v1/acl/*;drop,times=all;500,path=/x')).toEqual([
      { kind: 'latency', latencyMs: 50 },
      { kind: 'status', status: 429, times: 2, retryAfter: '3' },
      { kind: 'status', status: 503, method: 'GET', path: '/v1/acl/*' },
      { kind: 'drop', times: 'all' },
      { kind: 'status', status: 500, path: '/x' },
    ]);
    expect(parseFaults('')).toEqual([]);
  });

  test.each([
    ['404', 'a status fault needs status 429 or 500-599, got 404'],
    ['slow', 'fault "slow": effect must be latency=MS, a status (429 or 5xx) or drop'],
    ['503,times=0', 'fault times must be a positive integer or \'all\', got 0'],
    ['503,times=x', 'fault "503,times=x": times must be a number or "all"'],
    ['drop,when=now', 'fault "drop,when=now": unknown option "when" (times, retry-after, method, path)'],
  ])('rejects %j', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  test('answer faults apply to the next N matching requests, first match wins', () => {
    const faults = new FaultInjector();
    faults.inject('503,method=GET,path=/v1/acl/*,times=2;drop');
    expect(faults.decide('POST', '/v1/acl/x')).toEqual({ delayMs: 0, answer: { kind: 'drop' } });
    expect(faults.decide('GET', '/v1/acl/rules')).toEqual({ delayMs: 0, answer: { kind: 'status', status: 503, retryAfter: undefined, body: undefined } });
    expect(faults.decide('GET', '/v1/other')).toEqual({ delayMs: 0, answer: undefined });
    expect(faults.decide('get', '/v1/acl/')).toMatchObject({ answer: { kind: 'status', status: 503 } });
    expect(faults.decide('GET', '/v1/acl/rules')).toEqual({ delayMs: 0, answer: undefined });
    expect(faults.list()).toEqual([]);
  });

  test('429 defaults Retry-After to 1; an exact path does not match a longer one', () => {
    const faults = new FaultInjector();
    faults.inject({ kind: 'status', status: 429, path: '/a' });
    expect(faults.decide('GET', '/a/b').answer).toBeUndefined();
    expect(faults.decide('GET', '/a').answer).toEqual({ kind: 'status', status: 429, retryAfter: '1', body: undefined });
  });

  test('latency applies to every matching request until cleared, and adds up', () => {
    const faults = new FaultInjector();
    const ids = faults.inject([{ kind: 'latency', latencyMs: 30 }, { kind: 'latency', latencyMs: 20, method: 'PUT', times: 1 }]);
    expect(ids).toHaveLength(2);
    expect(faults.decide('PUT', '/').delayMs).toBe(50);
    expect(faults.decide('PUT', '/').delayMs).toBe(30);
    expect(faults.list()).toEqual([{ kind: 'latency', latencyMs: 30, id: ids[0], remaining: 'all' }]);
    faults.clear();
    expect(faults.decide('GET', '/').delayMs).toBe(0);
  });
});
