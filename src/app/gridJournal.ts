// The grid editor's journal (gridEdit/journal.ts) in IndexedDB: every edit record with its inverse, written (and committed)
// before the page shows the edit as done, so a reload or a crashed tab restores the editing state and
// its undo/redo history exactly. One tab edits (a Web Lock); the others open read-only and follow.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { background } from '../core/util/background';
import { JournalWriteError, type GridJournal, type JournalEntry, type JournalSession } from './gridEdit/journal';

interface JournalDb extends DBSchema {
  sessions: { key: string; value: JournalSession };
  entries: { key: [string, number]; value: JournalEntry & { session: string } };
}

const DB_NAME = 'cim-grid-edits';

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new JournalWriteError(err);
  }
}

/** `edit: false` (the read-only role) never takes the editing lock: the journal is only read and followed. */
export async function openGridJournal(key: string, options: { edit: boolean }): Promise<GridJournal> {
  const db: IDBPDatabase<JournalDb> = await openDB<JournalDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('sessions', { keyPath: 'key' });
      d.createObjectStore('entries', { keyPath: ['session', 'seq'] });
    },
  });
  const channel = new BroadcastChannel(`${DB_NAME}:${key}`);
  const remoteListeners: (() => void)[] = [];
  const writableListeners: (() => void)[] = [];
  channel.onmessage = () => remoteListeners.forEach((l) => l());
  let release: () => void = () => {};
  const held = new Promise<void>((ok) => (release = ok));
  let writable = false;
  const lockName = `${DB_NAME}:${key}`;
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!options.edit) {
    writable = false;
  } else if (locks) {
    writable = await new Promise<boolean>((answer) => {
      background(
        locks.request(lockName, { ifAvailable: true }, (lock) => {
          answer(lock !== null);
          return lock ? held : undefined;
        }),
        'taking the grid journal lock',
      );
    });
    if (!writable) {
      // Waits for the editing tab to close, then takes over.
      background(
        locks.request(lockName, () => {
          writable = true;
          writableListeners.forEach((l) => l());
          return held;
        }),
        'waiting for the grid journal lock',
      );
    }
  } else {
    writable = true;
  }
  const range = IDBKeyRange.bound([key, 0], [key, Number.MAX_SAFE_INTEGER]);
  const notify = () => channel.postMessage('changed');

  return {
    get writable() {
      return writable;
    },
    async load() {
      const session = (await db.get('sessions', key)) ?? null;
      const entries = session ? (await db.getAll('entries', range)).map(({ session: _s, ...e }) => e) : [];
      return { session, entries: entries.sort((a, b) => a.seq - b.seq) };
    },
    reset: (session) =>
      write(async () => {
        const tx = db.transaction(['sessions', 'entries'], 'readwrite');
        await tx.objectStore('entries').delete(range);
        await tx.objectStore('sessions').put(session);
        await tx.done;
        notify();
      }),
    append: (entry, cursor) =>
      write(async () => {
        const tx = db.transaction(['sessions', 'entries'], 'readwrite');
        const session = await tx.objectStore('sessions').get(key);
        if (!session) throw new Error('the edit journal has no session (reset first)');
        await tx.objectStore('entries').delete(IDBKeyRange.bound([key, cursor], [key, Number.MAX_SAFE_INTEGER]));
        const stored = { ...entry, seq: cursor, session: key };
        await tx.objectStore('entries').put(stored);
        await tx.objectStore('sessions').put({ ...session, cursor: cursor + 1 });
        await tx.done;
        notify();
        return { ...entry, seq: cursor };
      }),
    setCursor: (cursor) =>
      write(async () => {
        const tx = db.transaction('sessions', 'readwrite');
        const session = await tx.store.get(key);
        if (!session) throw new Error('the edit journal has no session (reset first)');
        await tx.store.put({ ...session, cursor });
        await tx.done;
        notify();
      }),
    onRemoteChange: (l) => void remoteListeners.push(l),
    onWritable: (l) => void writableListeners.push(l),
    close() {
      release();
      channel.close();
      db.close();
    },
  };
}
