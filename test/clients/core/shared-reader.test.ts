import { SharedCollectionReader } from '../../../src/clients/core';

interface Item {
  readonly href: string;
  readonly n: number;
}

const items = (count: number): Item[] => Array.from({ length: count }, (_, i) => ({ href: `/orgs/1/labels/${i}`, n: i }));

function reader(collection: Item[], options: { ttlMs?: number; now?: () => number } = {}) {
  const calls = { one: [] as string[], all: 0 };
  const shared = new SharedCollectionReader<Item>(
    async (href) => {
      calls.one.push(href);
      return href === '/orgs/1/labels/deleted' ? { href, n: -1 } : undefined;
    },
    async () => {
      calls.all++;
      return collection;
    },
    { windowMs: 1, ...options },
  );
  return { shared, calls };
}

describe('SharedCollectionReader', () => {
  test('many concurrent gets are served by one collection read', async () => {
    const { shared, calls } = reader(items(2000));
    const results = await Promise.all(items(2000).map((item) => shared.get(item.href)));
    expect(results).toEqual(items(2000));
    expect(calls).toEqual({ one: [], all: 1 });
  });

  test('later gets within the TTL use the same read; after it, a new read', async () => {
    let now = 0;
    const { shared, calls } = reader(items(10), { ttlMs: 1000, now: () => now });
    await Promise.all(items(10).slice(0, 5).map((item) => shared.get(item.href)));
    now = 900;
    expect(await shared.get('/orgs/1/labels/7')).toEqual({ href: '/orgs/1/labels/7', n: 7 });
    expect(calls.all).toBe(1);
    now = 2000;
    await Promise.all(items(10).slice(0, 3).map((item) => shared.get(item.href)));
    expect(calls.all).toBe(2);
  });

  test('a small batch reads its hrefs one by one', async () => {
    const { shared, calls } = reader(items(10));
    expect(await Promise.all([shared.get('/orgs/1/labels/deleted'), shared.get('/orgs/1/labels/1')])).toEqual([{ href: '/orgs/1/labels/deleted', n: -1 }, undefined]);
    expect(calls).toEqual({ one: ['/orgs/1/labels/deleted', '/orgs/1/labels/1'], all: 0 });
  });

  test('gets one at a time (a refresh at -parallelism=1) switch to one collection read after a few', async () => {
    const { shared, calls } = reader(items(50));
    for (const item of items(50)) expect(await shared.get(item.href)).toEqual(item.n < 2 ? undefined : item);
    expect(calls).toEqual({ one: ['/orgs/1/labels/0', '/orgs/1/labels/1'], all: 1 });
  });

  test('a collection read taken during a write is forgotten when the write ends', async () => {
    let finishWrite!: () => void;
    const { shared, calls } = reader(items(5));
    const write = shared.writing(() => new Promise<void>((resolve) => { finishWrite = resolve; }));
    await Promise.all(items(5).map((item) => shared.get(item.href)));
    finishWrite();
    await write;
    await Promise.all(items(5).map((item) => shared.get(item.href)));
    expect(calls.all).toBe(2);
  });

  test('a write restarts the count of gets read one by one', async () => {
    const { shared, calls } = reader(items(10));
    await shared.get('/orgs/1/labels/0');
    await shared.get('/orgs/1/labels/1');
    shared.invalidate();
    await shared.get('/orgs/1/labels/2');
    await shared.get('/orgs/1/labels/3');
    expect(calls).toEqual({ one: ['/orgs/1/labels/0', '/orgs/1/labels/1', '/orgs/1/labels/2', '/orgs/1/labels/3'], all: 0 });
  });

  test('hrefs missing from the collection are read one by one (soft-deleted, unknown)', async () => {
    const { shared, calls } = reader(items(3));
    const hrefs = ['/orgs/1/labels/0', '/orgs/1/labels/1', '/orgs/1/labels/deleted', '/orgs/1/labels/404'];
    const results = await Promise.all(hrefs.map((href) => shared.get(href)));
    expect(results.map((r) => r?.n)).toEqual([0, 1, -1, undefined]);
    expect(calls).toEqual({ one: ['/orgs/1/labels/deleted', '/orgs/1/labels/404'], all: 1 });
  });

  test('invalidate forgets the read', async () => {
    const { shared, calls } = reader(items(5));
    await Promise.all(items(5).map((item) => shared.get(item.href)));
    shared.invalidate();
    await Promise.all(items(5).map((item) => shared.get(item.href)));
    expect(calls.all).toBe(2);
  });

  test('a failed collection read rejects its batch, and the next batch reads again', async () => {
    let fail = true;
    const shared = new SharedCollectionReader<Item>(async () => undefined, async () => {
      if (fail) {
        throw new Error('PCE down');
      }
      return items(3);
    }, { windowMs: 1 });
    await expect(Promise.all(items(3).map((item) => shared.get(item.href)))).rejects.toThrow('PCE down');
    fail = false;
    expect(await Promise.all(items(3).map((item) => shared.get(item.href)))).toEqual(items(3));
  });
});
