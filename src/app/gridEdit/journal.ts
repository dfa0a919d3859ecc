// The grid editor's journal as the session sees it: every edit record with its inverse, kept before the
// page shows the edit, and the cursor undo/redo move. gridJournal.ts keeps it in IndexedDB.
import type { GridOp } from '../../core/grid/gridOp';
import type { CellArea, GridSource } from '../../../workers/gridEditApi';

export interface JournalEntry {
  seq: number;
  op: GridOp;
  inverse: GridOp;
  /** English description of the edit. */
  text: string;
  who: string;
  atMs: number;
  cells: CellArea[];
  /** Buildings that changed grid. */
  moved: number;
}

export interface JournalSession {
  /** The city (manifest URL) and its grid file. */
  key: string;
  /** Of the base grid the entries apply to. */
  fingerprint: string;
  base: GridSource;
  /** Entries with seq < cursor are applied; the rest can be redone. */
  cursor: number;
}

/** A storage failure (quota, a blocked or closed database): editing pauses until a write succeeds. */
export class JournalWriteError extends Error {
  constructor(cause: unknown) {
    const e = cause as { name?: string; message?: string };
    super(
      e?.name === 'QuotaExceededError'
        ? `storage is full (${e.message ?? 'quota exceeded'})`
        : `could not save the edit: ${e?.name ?? 'Error'}: ${e?.message ?? String(cause)}`,
      { cause },
    );
    this.name = 'JournalWriteError';
  }
}

export interface GridJournal {
  /** False when another tab holds the editing lock (until it closes: see onWritable). */
  readonly writable: boolean;
  load(): Promise<{ session: JournalSession | null; entries: JournalEntry[] }>;
  /** Starts over on a base grid: the old entries are dropped. */
  reset(session: JournalSession): Promise<void>;
  /** Writes an entry at the cursor (dropping any redo tail) and advances the cursor, in one transaction. */
  append(entry: Omit<JournalEntry, 'seq'>, cursor: number): Promise<JournalEntry>;
  setCursor(cursor: number): Promise<void>;
  /** Called in read-only tabs when the editing tab changed the journal. */
  onRemoteChange(listener: () => void): void;
  /** Called when this read-only tab becomes the editing tab (the other one closed). */
  onWritable(listener: () => void): void;
  close(): void;
}
