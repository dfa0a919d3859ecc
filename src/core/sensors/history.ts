// Bounded, time-ordered history per datastream: one ring of `capacity` (time, value) slots each, in two flat typed arrays.

export class RingHistory {
  readonly capacity: number;
  /** Slot `i * capacity + s` holds a sample of datastream i. */
  readonly timeMs: Float64Array;
  readonly value: Float64Array;
  /** Slot of the oldest sample per datastream. */
  readonly start: Uint32Array;
  readonly length: Uint32Array;

  constructor(count: number, capacity: number) {
    if (!(capacity >= 1)) throw new Error(`history capacity must be at least 1, got ${capacity}`);
    this.capacity = capacity;
    this.timeMs = new Float64Array(count * capacity);
    this.value = new Float64Array(count * capacity);
    this.start = new Uint32Array(count);
    this.length = new Uint32Array(count);
  }

  /** Flat slot of the k-th oldest sample of datastream i. */
  slot(i: number, k: number): number {
    const c = this.capacity;
    return i * c + ((this.start[i] + k) % c);
  }

  /** Appends a sample newer than every stored one, overwriting the oldest when full. */
  append(i: number, timeMs: number, value: number): void {
    const n = this.length[i];
    if (n < this.capacity) {
      this.length[i] = n + 1;
    } else {
      this.start[i] = (this.start[i] + 1) % this.capacity;
    }
    const s = this.slot(i, this.length[i] - 1);
    this.timeMs[s] = timeMs;
    this.value[s] = value;
  }

  /** Position (0 = oldest) of the sample at exactly timeMs, or -1; searched from the newest end, where late samples land. */
  find(i: number, timeMs: number): number {
    for (let k = this.length[i] - 1; k >= 0; k--) {
      const t = this.timeMs[this.slot(i, k)];
      if (t === timeMs) return k;
      if (t < timeMs) return -1;
    }
    return -1;
  }

  valueAt(i: number, k: number): number {
    return this.value[this.slot(i, k)];
  }

  setValueAt(i: number, k: number, value: number): void {
    this.value[this.slot(i, k)] = value;
  }

  /** Inserts a late sample in time order; false when it is older than a full ring's oldest sample (dropped). */
  insert(i: number, timeMs: number, value: number): boolean {
    const cap = this.capacity;
    let n = this.length[i];
    if (n === cap) {
      if (timeMs < this.timeMs[this.slot(i, 0)]) return false;
      this.start[i] = (this.start[i] + 1) % cap;
      n--;
    }
    // Shift newer samples one slot towards the end, then write into the gap.
    let k = n;
    for (; k > 0; k--) {
      const prev = this.slot(i, k - 1);
      if (this.timeMs[prev] <= timeMs) break;
      const s = this.slot(i, k);
      this.timeMs[s] = this.timeMs[prev];
      this.value[s] = this.value[prev];
    }
    const s = this.slot(i, k);
    this.timeMs[s] = timeMs;
    this.value[s] = value;
    this.length[i] = n + 1;
    return true;
  }

  /** Oldest stored time of datastream i (NaN when empty). */
  oldestTimeMs(i: number): number {
    return this.length[i] ? this.timeMs[this.slot(i, 0)] : NaN;
  }

  /** The samples of datastream i, oldest first, as fresh arrays (transferable). */
  series(i: number): { timeMs: Float64Array; value: Float64Array } {
    const n = this.length[i];
    const timeMs = new Float64Array(n);
    const value = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const s = this.slot(i, k);
      timeMs[k] = this.timeMs[s];
      value[k] = this.value[s];
    }
    return { timeMs, value };
  }
}
