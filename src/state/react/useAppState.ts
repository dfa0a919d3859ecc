// React access to the app store.
import { createContext, useContext, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store';

export const AppStoreContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore outside <AppStoreContext.Provider>');
  return store;
}

export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/**
 * A store value for a panel that is heavy to render. Zustand's updates render synchronously: a whole
 * panel in one task the page cannot interrupt. With this, a change first renders with the old value
 * (which a memo() child given it skips), then again as a transition, which React renders in slices
 * of a few milliseconds, yielding to input and paint between them. Give the value to a memo() child:
 * a component that renders its whole tree from it directly would render it twice.
 */
export function useDeferredAppState<T>(selector: (s: AppState) => T): T {
  return useDeferredValue(useAppState(selector));
}
