// Typed arrays that grow by doubling, for builders that do not know their output size in advance.

export type GrowableArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `a` at least `minLength` long (twice as long by default), its contents kept. */
export function grow<T extends GrowableArray>(a: T, minLength = 2 * a.length): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(minLength, 2 * a.length));
  next.set(a);
  return next;
}

/** Typed-array storage that grows as values are pushed; `finish()` hands out a trimmed copy. */
export class TypedArrayBuilder<T extends GrowableArray> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = v;
  }
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Growable Float64 storage for builders. */
export class F64Builder extends TypedArrayBuilder<Float64Array> {
  constructor() {
    super(new Float64Array(1024));
  }
}

/** Growable Uint32 storage for builders. */
export class U32Builder extends TypedArrayBuilder<Uint32Array> {
  constructor() {
    super(new Uint32Array(256));
  }
}
