// React access to the app store.
import { createContext, useContext } from 'react';
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
