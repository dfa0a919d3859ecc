// The distinct values of a category column in order of first appearance, each with its index: the one rule for
// category tables, whether built from GeoJSON, decoded from FlatGeobuf or merged from ranges.

export class CategoryTable {
  readonly values: string[] = [];
  private readonly lookup = new Map<string, number>();

  /** The index of `value`, appended to the table when first seen. */
  indexOf(value: string): number {
    let k = this.lookup.get(value);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(value);
      this.lookup.set(value, k);
    }
    return k;
  }
}
