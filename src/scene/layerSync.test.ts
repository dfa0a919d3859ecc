// The sync with fake layers on a real zustand store: a layer is updated exactly when its selected slice changed.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { SceneLayer } from './layers/layer';
import { createLayerSync, shallowEqual } from './layerSync';

interface State {
  a: number;
  b: { on: boolean };
  mode: 'x' | 'y';
  list: number[];
  other: number;
}

const selectors = {
  /** Reads `a` and `b.on`. */
  first: (s: State) => ({ a: s.a, on: s.b.on }),
  /** Reads `list` in mode y only: a mode change with the same outcome changes nothing. */
  second: (s: State) => ({ list: s.mode === 'y' ? s.list : null }),
};

/** A layer that records the props of every update and whether it was destroyed. */
function fakeLayer<P>(key: string, ready = true): SceneLayer<P> & { updates: P[]; destroyed: number; isReady: boolean } {
  return {
    key,
    count: 0,
    updates: [],
    destroyed: 0,
    isReady: ready,
    ready() {
      return this.isReady;
    },
    update(p: P) {
      this.updates.push(p);
    },
    destroy() {
      this.destroyed++;
    },
  };
}

function setup() {
  const store = createStore<State>()(() => ({ a: 1, b: { on: false }, mode: 'x', list: [1, 2], other: 0 }));
  let rendered = 0;
  const sync = createLayerSync(store, selectors, () => rendered++);
  const first = fakeLayer<{ a: number; on: boolean }>('first');
  const second = fakeLayer<{ list: number[] | null }>('second');
  sync.add('first', first);
  sync.add('second', second);
  return { store, sync, first, second, rendered: () => rendered };
}

describe('createLayerSync', () => {
  it('gives a layer its props when it is added', () => {
    const { first, second } = setup();
    expect(first.updates).toEqual([{ a: 1, on: false }]);
    expect(second.updates).toEqual([{ list: null }]);
  });

  it('updates only the layer whose selected slice changed, and asks for a render', () => {
    const { store, first, second, rendered } = setup();
    store.setState({ a: 2 });
    expect(first.updates).toEqual([
      { a: 1, on: false },
      { a: 2, on: false },
    ]);
    expect(second.updates).toHaveLength(1);
    expect(rendered()).toBe(1);
  });

  it('does not update when the state changed outside every slice or to equal values', () => {
    const { store, first, second, rendered } = setup();
    store.setState({ other: 5 });
    store.setState({ b: { on: false } }); // a new object, the same value read
    store.setState({ mode: 'x' });
    expect(first.updates).toHaveLength(1);
    expect(second.updates).toHaveLength(1);
    expect(rendered()).toBe(0);
  });

  it('follows derived values: a mode switch updates a layer only when what it selects changes', () => {
    const { store, second } = setup();
    store.setState({ mode: 'y' });
    expect(second.updates.at(-1)).toEqual({ list: [1, 2] });
    const list = [3];
    store.setState({ list });
    expect(second.updates.at(-1)!.list).toBe(list);
    store.setState({ mode: 'x' });
    store.setState({ list: [4] }); // not read in mode x
    expect(second.updates.map((u) => u.list)).toEqual([null, [1, 2], [3], null]);
  });

  it('updates every layer when forced, even unchanged', () => {
    const { sync, first, second } = setup();
    expect(sync.sync()).toBe(false);
    expect(sync.sync(true)).toBe(true);
    expect(first.updates).toHaveLength(2);
    expect(second.updates).toHaveLength(2);
  });

  it('destroys a layer replaced in its slot, not one added again', () => {
    const { store, sync, first } = setup();
    sync.add('first', first);
    expect(first.destroyed).toBe(0);
    const next = fakeLayer<{ a: number; on: boolean }>('first');
    sync.add('first', next);
    expect(first.destroyed).toBe(1);
    expect(sync.layers.first).toBe(next);
    store.setState({ a: 7 });
    expect(next.updates).toEqual([
      { a: 1, on: false },
      { a: 7, on: false },
    ]);
    expect(first.updates).toHaveLength(2); // its add, then the add again (a forced update); none after replacing
  });

  it('forgets a removed layer: destroyed, no more updates, and given its props again when added back', () => {
    const { store, sync, first } = setup();
    sync.remove('first');
    expect(first.destroyed).toBe(1);
    expect(sync.layers.first).toBeUndefined();
    store.setState({ a: 3 });
    expect(first.updates).toHaveLength(1);
    sync.add('first', first);
    expect(first.updates.at(-1)).toEqual({ a: 3, on: false });
  });

  it('is ready when every registered layer is', () => {
    const { sync, first } = setup();
    expect(sync.ready()).toBe(true);
    first.isReady = false;
    expect(sync.ready()).toBe(false);
  });

  it('gives a layer that has just become ready its props again, and every layer when all have', () => {
    const { sync, first, second } = setup();
    first.isReady = false;
    expect(sync.afterFrame()).toBe(true); // second is ready
    expect([first.updates.length, second.updates.length]).toEqual([1, 2]);
    expect(sync.afterFrame()).toBe(false);
    first.isReady = true;
    expect(sync.afterFrame()).toBe(true); // all ready now: both again
    expect([first.updates.length, second.updates.length]).toEqual([2, 3]);
    expect(sync.afterFrame()).toBe(false);

    const late = fakeLayer<{ a: number; on: boolean }>('first', false);
    sync.add('first', late);
    expect(sync.afterFrame()).toBe(false);
    second.isReady = false;
    expect(sync.afterFrame()).toBe(false);
    late.isReady = true;
    expect(sync.afterFrame()).toBe(true); // late alone, while second is not ready
    expect([late.updates.length, second.updates.length]).toEqual([2, 3]);
    second.isReady = true;
    expect(sync.afterFrame()).toBe(true);
    expect([late.updates.length, second.updates.length]).toEqual([3, 4]);
  });

  it('unsubscribes and destroys its layers on destroy', () => {
    const { store, sync, first, second, rendered } = setup();
    sync.destroy();
    expect([first.destroyed, second.destroyed]).toEqual([1, 1]);
    store.setState({ a: 9, mode: 'y' });
    expect(first.updates).toHaveLength(1);
    expect(second.updates).toHaveLength(1);
    expect(rendered()).toBe(0);
  });
});

describe('shallowEqual', () => {
  it('compares keys and values by identity, one level deep', () => {
    const arr = [1];
    expect(shallowEqual({ a: 1, b: arr }, { a: 1, b: arr })).toBe(true);
    expect(shallowEqual({ a: 1, b: arr }, { a: 1, b: [1] })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(shallowEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(shallowEqual({ a: NaN }, { a: NaN })).toBe(true);
    expect(shallowEqual({ 1: true, 2: false }, { 1: true, 2: true })).toBe(false);
  });
});
