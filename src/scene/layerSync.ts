// The store → scene layers sync: each layer slot has one selector, the slice of state its layer's update reads, and a
// store change updates exactly the layers whose selected props changed (compared shallowly). No Cesium here.
import type { SceneLayer } from './layers/layer';

/** Picks a layer's props from the state: the one place that names what a layer reads. */
export type Selector<S, P extends object> = (state: S) => P;
export type Selectors<S> = Readonly<Record<string, Selector<S, object>>>;
/** The layers registered per slot, each typed by what its slot's selector returns. */
export type LayersOf<S, B extends Selectors<S>> = { [K in keyof B]?: SceneLayer<ReturnType<B[K]>> };

/** What the sync needs of a store (zustand's vanilla store has it). */
export interface StateSource<S> {
  getState(): S;
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

export interface LayerSync<S, B extends Selectors<S>> {
  readonly layers: LayersOf<S, B>;
  /** Registers a layer (destroying another under the same slot) and gives it its props now. */
  add<K extends keyof B>(slot: K, layer: SceneLayer<ReturnType<B[K]>>): void;
  /** Destroys and forgets the slot's layer. */
  remove(slot: keyof B): void;
  /** Gives every layer the current state's props: only those that changed, or all with `force`. True if any was updated. */
  sync(force?: boolean): boolean;
  /** True when every registered layer reports ready. */
  ready(): boolean;
  /** The slots whose layer is registered and not ready (what a whole-scene frame still waits on). */
  notReady(): (keyof B)[];
  /**
   * Call after each frame: a layer that has just become ready gets its props again, for layers that finish their GPU
   * build late (a highlight needs the batch); when all have just become ready, every layer does. True if any did.
   */
  afterFrame(): boolean;
  /** Unsubscribes and destroys every layer. */
  destroy(): void;
}

/** Same keys with Object.is-equal values: selectors build a new object per call, its fields are the store's own values. */
export function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

/** Subscribes to `store`; `onUpdated` runs after a store change updated any layer (e.g. to request a render). */
export function createLayerSync<S, B extends Selectors<S>>(store: StateSource<S>, selectors: B, onUpdated: () => void): LayerSync<S, B> {
  const layers: LayersOf<S, B> = {};
  const given = new Map<keyof B, object>();
  const slots = Object.keys(selectors) as (keyof B)[];
  let wereReady = false;
  const readySlots = new Set<keyof B>();

  function syncSlot(slot: keyof B, state: S, force: boolean): boolean {
    const layer = layers[slot];
    if (!layer) return false;
    const props = selectors[slot](state) as ReturnType<B[keyof B]>;
    const last = given.get(slot);
    if (!force && last !== undefined && shallowEqual(last, props)) return false;
    given.set(slot, props);
    layer.update(props);
    return true;
  }

  function sync(force = false): boolean {
    const state = store.getState();
    let updated = false;
    for (const slot of slots) updated = syncSlot(slot, state, force) || updated;
    return updated;
  }

  const unsubscribe = store.subscribe(() => {
    if (sync()) onUpdated();
  });

  const ready = () => slots.every((slot) => layers[slot]?.ready() ?? true);
  const notReady = () => slots.filter((slot) => !(layers[slot]?.ready() ?? true));

  return {
    layers,
    add(slot, layer) {
      const old = layers[slot];
      if (old && old !== layer) old.destroy();
      layers[slot] = layer;
      wereReady = false;
      readySlots.delete(slot);
      syncSlot(slot, store.getState(), true);
    },
    remove(slot) {
      layers[slot]?.destroy();
      delete layers[slot];
      given.delete(slot);
      readySlots.delete(slot);
    },
    sync,
    ready,
    notReady,
    afterFrame() {
      const justReady: (keyof B)[] = [];
      let all = true;
      for (const slot of slots) {
        const isReady = layers[slot]?.ready() ?? true;
        all &&= isReady;
        if (!layers[slot] || isReady === readySlots.has(slot)) continue;
        if (isReady) {
          readySlots.add(slot);
          justReady.push(slot);
        } else readySlots.delete(slot);
      }
      const allBecameReady = all && !wereReady;
      wereReady = all;
      if (allBecameReady) return sync(true);
      const state = store.getState();
      let updated = false;
      for (const slot of justReady) updated = syncSlot(slot, state, true) || updated;
      return updated;
    },
    destroy() {
      unsubscribe();
      for (const slot of slots) layers[slot]?.destroy();
    },
  };
}
