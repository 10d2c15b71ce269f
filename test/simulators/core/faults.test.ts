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
    ['slow', 'fault "slow": effect must be latency=MS, a status (429 or 5xx), drop, lost, or shares such as lost=0.25,429=0.08'],
    ['lost=0.7,503=0.4', 'fault shares add up to 1.1, more than 1'],
    ['lost=x', 'fault "lost=x": lost needs a share between 0 and 1'],
    ['lost=0.1,404=0.1', 'a fault share needs lost, drop, 429 or 500-599, got 404'],
    ['lost=0.1,seed=-3', 'fault "lost=0.1,seed=-3": seed must be a whole number'],
    ['503,times=0', 'fault times must be a positive integer or \'all\', got 0'],
    ['503,times=x', 'fault "503,times=x": times must be a number or "all"'],
    ['drop,when=now', 'fault "drop,when=now": unknown option "when" (times, retry-after, method, path)'],
  ])('rejects %j', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('lost answers and shares', () => {
  test('parse: lost as an effect, shares with a seed and options', () => {
    expect(parseFaults('lost,method=POST;lost=0.25,429=0.08,503=0.04,seed=7,path=/v1/*')).toEqual([
      { kind: 'lost', method: 'POST' },
      { kind: 'random', shares: { lost: 0.25, statuses: { 429: 0.08, 503: 0.04 } }, seed: 7, path: '/v1/*', times: 'all' },
    ]);
  });

  test('a lost answer is for writes only: a read passes and the fault waits for the next write', () => {
    const faults = new FaultInjector();
    faults.inject('lost');
    expect(faults.decide('GET', '/a').answer).toBeUndefined();
    expect(faults.decide('DELETE', '/a').answer).toEqual({ kind: 'lost' });
    expect(faults.list()).toEqual([]);
  });

  test('shares: the same seed draws the same faults, in about the shares asked', () => {
    const draw = (): string[] => {
      const faults = new FaultInjector();
      faults.inject('lost=0.25,429=0.08,503=0.04,seed=42');
      return Array.from({ length: 4000 }, (_, i) => {
        const answer = faults.decide(i % 2 === 0 ? 'POST' : 'GET', '/x').answer;
        return answer === undefined ? 'ok' : answer.kind === 'status' ? String(answer.status) : answer.kind;
      });
    };
    const first = draw();
    expect(draw()).toEqual(first);
    const share = (kind: string) => first.filter((outcome) => outcome === kind).length / first.length;
    // lost falls on the 2000 POSTs only: a quarter of them, an eighth of all.
    expect(share('lost')).toBeGreaterThan(0.11);
    expect(share('lost')).toBeLessThan(0.14);
    expect(share('429')).toBeGreaterThan(0.065);
    expect(share('429')).toBeLessThan(0.095);
    expect(share('503')).toBeGreaterThan(0.03);
    expect(share('503')).toBeLessThan(0.05);
    expect(first.filter((outcome, i) => outcome === 'lost' && i % 2 === 1)).toEqual([]);
  });

  test('a 429 share carries Retry-After 1 unless told otherwise', () => {
    const faults = new FaultInjector();
    faults.inject('429=1,retry-after=3');
    expect(faults.decide('GET', '/').answer).toEqual({ kind: 'status', status: 429, retryAfter: '3', body: undefined });
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
