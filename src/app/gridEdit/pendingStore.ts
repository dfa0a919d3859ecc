// Server mode's pending grid edits in IndexedDB: the edits a tab made that the shared log does not have yet, kept
// until the server takes them, so a reload, a crash or an outage loses none. One record per tab (its id lives in the
// tab's sessionStorage, so a reload finds its own record); a tab holds a Web Lock on its id while open, and a new tab
// adopts the records of tabs that are gone (their lock is free). Sending one twice is harmless: the server applies an
// edit's client id once.
import { openDB, type DBSchema } from 'idb';
import { background } from '../../core/util/background';
import type { PendingEdit, PendingStore } from './shared';

interface PendingDb extends DBSchema {
  pending: { key: string; value: { key: string; owner: string; tab: string; list: PendingEdit[] }; indexes: { owner: string } };
}

const DB_NAME = 'cim-shared-grid';
const TAB_KEY = 'cim.sharedGrid.tab';

function tabId(): string {
  let id = sessionStorage.getItem(TAB_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(TAB_KEY, id);
  }
  return id;
}

/** `owner`: the grid and the user (base hash and user name); edits of another grid or user are never sent here. */
export async function openPendingStore(owner: string): Promise<PendingStore & { close(): void }> {
  const db = await openDB<PendingDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('pending', { keyPath: 'key' }).createIndex('owner', 'owner');
    },
  });
  const tab = tabId();
  const key = `${owner}|${tab}`;
  let release = () => {};
  const locks = navigator.locks;
  // Held while the tab lives: another tab sees this record is not orphaned.
  await new Promise<void>((held) => {
    background(
      locks.request(`${DB_NAME}:${tab}`, () => {
        held();
        return new Promise<void>((ok) => (release = ok));
      }),
      'holding the pending edits lock',
    );
  });
  return {
    async load() {
      const mine = (await db.get('pending', key))?.list ?? [];
      const adopted: PendingEdit[] = [];
      for (const r of await db.getAllFromIndex('pending', 'owner', owner)) {
        if (r.tab === tab) continue;
        // A tab that is gone: its lock can be taken at once.
        const gone = await locks.request(`${DB_NAME}:${r.tab}`, { ifAvailable: true }, (lock) => lock !== null);
        if (!gone) continue;
        adopted.push(...r.list);
        await db.delete('pending', r.key);
      }
      return [...mine, ...adopted];
    },
    async save(list) {
      if (list.length) await db.put('pending', { key, owner, tab, list: [...list] });
      else await db.delete('pending', key);
    },
    close() {
      release();
      db.close();
    },
  };
}

/** The store opened on first use (the editor's session asks for it only in server mode). */
export function lazyPendingStore(owner: string): PendingStore {
  let opened: Promise<PendingStore> | null = null;
  const get = () => (opened ??= openPendingStore(owner));
  return {
    load: async () => (await get()).load(),
    save: async (list) => (await get()).save(list),
  };
}
