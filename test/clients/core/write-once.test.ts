import { ApiError, isAmbiguousWriteFailure, TransportError, WriteLedger } from '../../../src/clients/core';

const request = { vendor: 'Acme', method: 'POST', path: '/things', origin: 'http://acme.test' };
const lost = (): TransportError => new TransportError(request, 'UND_ERR_SOCKET', 'connection closed by the server', 1);
const apiError = (status: number): ApiError => new ApiError({ ...request, status, body: '', headers: {}, attempts: 1 });

interface Thing { readonly id: string; readonly name: string }

/** A remote collection where a send may land with its answer lost, or fail before landing. */
class Remote {
  readonly things: Thing[] = [];
  private nextId = 1;
  constructor(private readonly outcomes: Array<'ok' | 'lost' | 503 | 406> = []) {}

  async create(name: string): Promise<Thing> {
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = this.outcomes.shift() ?? 'ok';
    if (outcome === 503 || outcome === 406) throw apiError(outcome);
    const thing = { id: `t${this.nextId++}`, name };
    this.things.push(thing);
    if (outcome === 'lost') throw lost();
    return thing;
  }
}

const noWait = { retry: { sleep: async () => undefined, random: () => 0.5 } };

/** A write found by content: any thing of the same name that no other write holds. */
const byName = (remote: Remote, name: string) => ({
  what: `thing ${name}`,
  send: () => remote.create(name),
  findLanded: async (unclaimed: <O>(c: readonly O[], id: (o: O) => string) => O[]) =>
    unclaimed(remote.things.filter((thing) => thing.name === name), (thing) => thing.id)[0],
  idOf: (thing: Thing) => thing.id,
});

describe('isAmbiguousWriteFailure', () => {
  test('transport failures and 5xx but 501 may have landed; 429 and 4xx did not', () => {
    expect([lost(), apiError(500), apiError(503), apiError(501), apiError(429), apiError(406), new Error('bug')].map(isAmbiguousWriteFailure))
      .toEqual([true, true, true, false, false, false, false]);
  });
});

describe('WriteLedger', () => {
  test('a write that answers is returned, with no lookup', async () => {
    const remote = new Remote();
    const ledger = new WriteLedger(noWait);
    expect(await ledger.write(byName(remote, 'a'))).toEqual({ id: 't1', name: 'a' });
    expect(ledger.stats).toEqual({ lookups: 0, adopted: 0, resent: 0 });
  });

  test('a write whose answer was lost is adopted, not sent again', async () => {
    const remote = new Remote(['lost']);
    const ledger = new WriteLedger(noWait);
    expect(await ledger.write(byName(remote, 'a'))).toEqual({ id: 't1', name: 'a' });
    expect(remote.things).toHaveLength(1);
    expect(ledger.stats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('a write that failed before landing is sent again after the lookup found nothing', async () => {
    const remote = new Remote([503, 503]);
    const ledger = new WriteLedger(noWait);
    expect(await ledger.write(byName(remote, 'a'))).toEqual({ id: 't1', name: 'a' });
    expect(ledger.stats).toEqual({ lookups: 2, adopted: 0, resent: 2 });
  });

  test('a definite refusal is thrown at once', async () => {
    const ledger = new WriteLedger(noWait);
    await expect(ledger.write(byName(new Remote([406]), 'a'))).rejects.toMatchObject({ status: 406 });
    expect(ledger.stats.lookups).toBe(0);
  });

  test('a failure the write declares as "may have landed" is looked up like a lost answer', async () => {
    const remote = new Remote([406]);
    remote.things.push({ id: 'late', name: 'a' });
    const ledger = new WriteLedger(noWait);
    const write = { ...byName(remote, 'a'), mayHaveLanded: (error: unknown) => error instanceof ApiError && error.status === 406 };
    expect(await ledger.write(write)).toEqual({ id: 'late', name: 'a' });
    expect(ledger.stats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('after the last attempt the last failure is thrown', async () => {
    const ledger = new WriteLedger({ ...noWait, attempts: 2 });
    await expect(ledger.write(byName(new Remote([503, 503, 503]), 'a'))).rejects.toMatchObject({ status: 503 });
    expect(ledger.stats).toEqual({ lookups: 2, adopted: 0, resent: 1 });
  });

  test('two identical writes never adopt the same object, whichever answers were lost', async () => {
    for (const outcomes of [['lost', 'ok'], ['ok', 'lost'], ['lost', 'lost'], [503, 'lost'], ['lost', 503]] as const) {
      const remote = new Remote([...outcomes]);
      const ledger = new WriteLedger(noWait);
      const [first, second] = await Promise.all([ledger.write(byName(remote, 'same')), ledger.write(byName(remote, 'same'))]);
      expect(remote.things).toHaveLength(2);
      expect(new Set([first.id, second.id]).size).toBe(2);
    }
  });

  test('an object claimed as this process\'s own (e.g. in state) is never adopted', async () => {
    const remote = new Remote(['lost']);
    remote.things.push({ id: 'existing', name: 'a' });
    const ledger = new WriteLedger(noWait);
    ledger.claimId('existing');
    expect(await ledger.write(byName(remote, 'a'))).toEqual({ id: 't1', name: 'a' });
  });

  test('a lookup waits for the sends in flight, and holds back new ones until it is done', async () => {
    const events: string[] = [];
    const ledger = new WriteLedger(noWait);
    let releaseSlow!: () => void;
    const slow = ledger.write({
      what: 'slow',
      idOf: (id: string) => id,
      findLanded: async () => undefined,
      send: () => new Promise<string>((resolve) => { releaseSlow = () => { events.push('slow answered'); resolve('slow'); }; }),
    });
    const failing = ledger.write({
      what: 'failing',
      idOf: (id: string) => id,
      send: async () => { throw lost(); },
      findLanded: async () => { events.push('lookup'); return 'found'; },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const later = ledger.write({ what: 'later', idOf: (id: string) => id, findLanded: async () => undefined, send: async () => { events.push('later sent'); return 'later'; } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    releaseSlow();
    expect(await Promise.all([slow, failing, later])).toEqual(['slow', 'found', 'later']);
    expect(events).toEqual(['slow answered', 'lookup', 'later sent']);
  });

  test('a repeatable write that kept failing ambiguously is confirmed by a read, or sent again', async () => {
    const ledger = new WriteLedger({ ...noWait, attempts: 3 });
    let gone = false;
    const sends: string[] = [];
    const deleteThing = (outcomes: Array<'lost' | 503 | 'ok'>) => ledger.confirmed({
      what: 'delete',
      send: async () => {
        const outcome = outcomes.shift();
        sends.push(String(outcome));
        if (outcome === 503) throw apiError(503);
        gone = true;
        if (outcome === 'lost') throw lost();
        return true;
      },
      inEffect: async () => (gone ? true : undefined),
    });
    expect(await deleteThing(['lost'])).toBe(true);
    expect(sends).toEqual(['lost']);
    gone = false;
    expect(await deleteThing([503, 503, 'ok'])).toBe(true);
    expect(sends).toEqual(['lost', '503', '503', 'ok']);
    gone = false;
    await expect(deleteThing([503, 503, 503])).rejects.toMatchObject({ status: 503 });
    await expect(ledger.confirmed({ what: 'x', send: async () => { throw apiError(403); }, inEffect: async () => true })).rejects.toMatchObject({ status: 403 });
  });
});
