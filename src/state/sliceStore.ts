// A slice's actions see only their own part of the store: `SliceStore<Pick<AppState, 'review'>>` accepts the
// whole app store, so a slice file needs no import of store.ts (no cycle) and cannot write other slices.
export interface SliceStore<S> {
  getState(): S;
  setState(patch: Partial<S> | ((state: S) => Partial<S>)): void;
}
