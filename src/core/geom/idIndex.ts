// Feature id -> row lookups for a layer's id column, without a Map or an object keyed by the ids.
//
// Why not a Map: V8 internalises every string used as a Map key (or property name), and a major
// garbage collection walks the whole internalised-string table in its pause. On the page, the
// 200,000 building and 47,000 pipeline ids of the `city` scale made every major GC about 15 ms longer
// (measured with bench:join-ui; 300,000 Map keys add 10-12 ms in a bare page). Here the ids stay
// ordinary strings in their column; an open-addressing table of row numbers, keyed by a hash of the
// id, finds them.

export interface IdIndex {
  /** The row of `id`, undefined when no row has it (the last row wins when several do). */
  get(id: string): number | undefined;
  readonly size: number;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function idIndex(ids: readonly string[]): IdIndex {
  let capacity = 16;
  while (capacity < ids.length * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  let size = 0;
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row];
    let s = hashOf(id) & mask;
    while (slots[s] !== -1 && ids[slots[s]] !== id) s = (s + 1) & mask;
    if (slots[s] === -1) size++;
    slots[s] = row;
  }
  return {
    size,
    get(id) {
      for (let s = hashOf(id) & mask; slots[s] !== -1; s = (s + 1) & mask) if (ids[slots[s]] === id) return slots[s];
      return undefined;
    },
  };
}
