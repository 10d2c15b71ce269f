import { Store } from '../../../src/simulators/core';

interface Thing {
  readonly id: string;
  readonly name: string;
}

describe('Store', () => {
  test('collections create, get, list in key order, update and delete', () => {
    const store = new Store();
    const things = store.collection<Thing>('things');
    store.write(() => things.create('b', { id: 'b', name: 'B' }));
    store.write(() => things.create('a', { id: 'a', name: 'A' }));
    expect(things.get('a')).toEqual({ id: 'a', name: 'A' });
    expect(things.list().map((t) => t.id)).toEqual(['a', 'b']);
    store.write(() => things.update('a', { id: 'a', name: 'A2' }));
    expect(things.get('a')?.name).toBe('A2');
    expect(store.write(() => things.delete('a'))).toBe(true);
    expect(store.write(() => things.delete('a'))).toBe(false);
    expect([things.size, things.has('b'), things.has('a')]).toEqual([1, true, false]);
    expect(() => things.create('b', { id: 'b', name: 'again' })).toThrow('things: b already exists');
    expect(() => things.update('zz', { id: 'zz', name: '' })).toThrow('things: zz does not exist');
  });

  test('every write takes the next index; a collection remembers the index of its last change', () => {
    const store = new Store();
    const things = store.collection<Thing>('things');
    const other = store.collection<Thing>('other');
    expect(store.index).toBe(0);
    expect(store.write((index) => index)).toBe(1);
    store.write(() => things.put('a', { id: 'a', name: 'A' }));
    store.write(() => other.put('x', { id: 'x', name: 'X' }));
    store.write(() => things.delete('missing'));
    expect([store.index, things.index, other.index]).toEqual([4, 2, 3]);
  });

  test('a failing write still consumes its index (like a raft entry the FSM rejects)', () => {
    const store = new Store();
    expect(() => store.write(() => {
      throw new Error('rejected');
    })).toThrow('rejected');
    expect(store.index).toBe(1);
  });

  test('waitFor resolves on the write that satisfies it', async () => {
    const store = new Store();
    const things = store.collection<Thing>('things');
    const waiting = store.waitFor(() => things.size === 2, 5000);
    store.write(() => things.put('a', { id: 'a', name: 'A' }));
    store.write(() => things.put('b', { id: 'b', name: 'B' }));
    await expect(waiting).resolves.toBe(true);
  });

  test('waitFor resolves false after the timeout or on abort', async () => {
    const store = new Store();
    const started = Date.now();
    await expect(store.waitFor(() => false, 100)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    const controller = new AbortController();
    const waiting = store.waitFor(() => false, 60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    await expect(store.waitFor(() => true, 0)).resolves.toBe(true);
  });

  test('reset empties collections but the index keeps growing', () => {
    const store = new Store();
    const things = store.collection<Thing>('things');
    store.write(() => things.put('a', { id: 'a', name: 'A' }));
    store.reset();
    expect([things.size, store.index, things.index]).toEqual([0, 2, 2]);
    expect(store.snapshot()).toEqual({ index: 2, collections: { things: { index: 2, items: [] } } });
  });
});
