import { ScriptedServer } from './scripted-server';
import { HttpClient, RequestBudget, RequestCancelledError } from '../../../src/clients/core';
import { exitSummary } from '../../../src/util/exit-summary';
import { Logger, logger } from '../../../src/util/log';

/** A fake clock whose sleep advances time instantly. */
function fakeClock(): { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; waits: number[] } {
  let time = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => time,
    waits,
    sleep: async (ms, signal) => {
      if (signal?.aborted) {
        throw signal.reason;
      }
      waits.push(ms);
      time += ms;
    },
  };
}

describe('RequestBudget', () => {
  test('a wait is said once at INFO, however many requests queue in it, and counted for the exit summary', async () => {
    let time = 0;
    const lines: string[] = [];
    const log: Logger = { ...logger('test'), info: (message: string) => void lines.push(message) };
    const budget = new RequestBudget({ requestsPerMinute: 500, now: () => time, sleep: async () => undefined, name: 'the PCE\'s rate limit', logger: log });
    const before = exitSummary().budget_waits ?? 0;
    await Promise.all(Array.from({ length: 50 + 100 }, () => budget.acquire())); // 50 at once, 100 queued behind them
    expect(lines).toEqual(['waiting 1 s for the PCE\'s rate limit (500/min)']); // the first request held back waits 1 / 450 min
    time += 60_000; // the wait is over; the next one is another
    await Promise.all(Array.from({ length: 60 }, () => budget.acquire()));
    expect(lines).toHaveLength(2);
    expect(budget.stats.waits).toBe(2);
    expect(exitSummary().budget_waits).toBe(before + 2);
  });

  test('steady pacing, one request after another, is one wait', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const log: Logger = { ...logger('test'), info: (message: string) => void lines.push(message) };
    const budget = new RequestBudget({ requestsPerMinute: 60, now: clock.now, sleep: clock.sleep, logger: log });
    for (let i = 0; i < 30; i++) await budget.acquire();
    expect(clock.waits).toHaveLength(24); // after the burst of 6, each request waits about a second
    expect(lines).toEqual(['waiting 2 s for the rate limit (60/min)']);
    expect(budget.stats.waits).toBe(1);
  });


  test('a burst goes out at once, then requests are paced at the refill rate', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ requestsPerMinute: 60, now: clock.now, sleep: clock.sleep });
    expect(budget.burst).toBe(6);
    for (let i = 0; i < 8; i++) {
      await budget.acquire();
    }
    // 6 immediate, then one every 60 s / (60 - 6) = 1111.1 ms.
    expect(clock.waits).toEqual([1112, 1111]);
  });

  test('no 60-second window ever holds more than the budget', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ requestsPerMinute: 50, now: clock.now, sleep: clock.sleep });
    const sentAt: number[] = [];
    for (let i = 0; i < 300; i++) {
      await budget.acquire();
      sentAt.push(clock.now());
    }
    for (let i = 0; i + 50 < sentAt.length; i++) {
      expect(sentAt[i + 50]! - sentAt[i]!).toBeGreaterThanOrEqual(60_000);
    }
  });

  test('concurrent waiters are served in arrival order', async () => {
    let time = 0;
    const budget = new RequestBudget({ requestsPerMinute: 2, burst: 1, now: () => time, sleep: async () => undefined });
    expect([budget.reserve(), budget.reserve(), budget.reserve()]).toEqual([0, 60_000, 120_000]);
    time = 60_000;
    expect(budget.reserve()).toBe(120_000);
  });

  test('the bucket refills after idle time but never beyond the burst', () => {
    let time = 0;
    const budget = new RequestBudget({ requestsPerMinute: 20, burst: 2, now: () => time });
    expect([budget.reserve(), budget.reserve()]).toEqual([0, 0]);
    time = 3_600_000;
    expect([budget.reserve(), budget.reserve(), budget.reserve() > 0]).toEqual([0, 0, true]);
  });

  test('an aborted wait rejects and gives its token back', async () => {
    let time = 0;
    const budget = new RequestBudget({
      requestsPerMinute: 2,
      burst: 1,
      now: () => time,
      sleep: (_ms, signal) => Promise.reject(signal?.reason ?? new Error('aborted')),
    });
    await budget.acquire();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(budget.acquire(controller.signal)).rejects.toThrow('stop');
    // The aborted waiter's place was returned: the next one waits one interval, not two.
    expect(budget.reserve()).toBe(60_000);
  });

  test('rejects a budget below one request per minute', () => {
    expect(() => new RequestBudget({ requestsPerMinute: 0 })).toThrow(/at least 1/);
  });
});

describe('HttpClient with a request budget', () => {
  const server = new ScriptedServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('every attempt, retries included, takes a token', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ requestsPerMinute: 61, burst: 1, now: clock.now, sleep: clock.sleep });
    const client = new HttpClient({ vendor: 'Test', baseUrl: server.url, budget, retry: { sleep: async () => undefined } });
    server.script({ status: 503 }, { status: 200, body: '{}' });
    await client.request({ method: 'GET', path: '/x' });
    expect(server.seen).toHaveLength(2);
    expect(clock.waits).toEqual([1000]); // 61 per minute less a burst of 1: one token a second
    await client.close();
  });

  test('a request cancelled while waiting for the budget is never sent', async () => {
    const budget = new RequestBudget({ requestsPerMinute: 1 });
    const client = new HttpClient({ vendor: 'Test', baseUrl: server.url, budget });
    server.script({ status: 200, body: '{}' });
    await client.request({ method: 'GET', path: '/first' });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', path: '/second', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(RequestCancelledError);
    expect(server.seen.map((r) => r.url)).toEqual(['/first']);
    await client.close();
  });
});
