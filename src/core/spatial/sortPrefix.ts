// In-place ascending sort of the first n values of a scratch array, without allocating for short runs.

/** Sorts xs[0 .. n) ascending: insertion sort for the short lists scanlines produce, native sort beyond. */
export function sortPrefix(xs: Float64Array, n: number): void {
  if (n > 24) {
    xs.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = xs[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > v) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = v;
  }
}
