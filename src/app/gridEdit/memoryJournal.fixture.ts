// An in-memory GridJournal for tests (IndexedDB does not exist in Node): the same contract as
// gridJournal.ts, and a switch that makes every write fail as a full disk does.
import { JournalWriteError, type GridJournal, type JournalEntry, type JournalSession } from './journal';

/** What survives a "reload": the stored session and entries. */
export interface MemoryJournalStore {
  session: JournalSession | null;
  entries: JournalEntry[];
  /** While true, writes fail with a quota error. */
  full: boolean;
}

export const memoryJournalStore = (): MemoryJournalStore => ({ session: null, entries: [], full: false });

export function openMemoryJournal(db: MemoryJournalStore, options: { writable: boolean }): GridJournal {
  const write = <T>(fn: () => T): Promise<T> => {
    if (db.full) return Promise.reject(new JournalWriteError(Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' })));
    return Promise.resolve(fn());
  };
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    writable: options.writable,
    load: () => Promise.resolve({ session: clone(db.session), entries: clone(db.entries) }),
    reset: (session) =>
      write(() => {
        db.session = clone(session);
        db.entries = [];
      }),
    append: (entry, cursor) =>
      write(() => {
        if (!db.session) throw new Error('the edit journal has no session (reset first)');
        const stored = { ...clone(entry), seq: cursor };
        db.entries = [...db.entries.filter((e) => e.seq < cursor), stored];
        db.session = { ...db.session, cursor: cursor + 1 };
        return clone(stored);
      }),
    setCursor: (cursor) =>
      write(() => {
        if (!db.session) throw new Error('the edit journal has no session (reset first)');
        db.session = { ...db.session, cursor };
      }),
    onRemoteChange: () => {},
    onWritable: () => {},
    close: () => {},
  };
}
