// Exact integer apportionment: split a total over weighted slots, respecting per-slot capacities.

/**
 * Integer counts summing exactly to total, proportional to weights, never above caps.
 * Largest-remainder rounding; ties go to the lower index. Throws when the caps cannot hold the total.
 */
export function allocateCounts(total: number, weights: ArrayLike<number>, caps?: ArrayLike<number>): Int32Array {
  const n = weights.length;
  const out = new Int32Array(n);
  if (total === 0) return out;
  const cap = (i: number) => (caps ? caps[i] : Infinity);
  let capSum = 0;
  for (let i = 0; i < n; i++) if (weights[i] > 0) capSum += cap(i);
  if (capSum < total) throw new Error(`cannot place ${total} items: weighted capacity is ${capSum}`);

  // Water-filling on reals: slots that hit their cap are fixed, the rest share what is left.
  const quota = new Float64Array(n);
  const fixed = new Uint8Array(n);
  let remaining = total;
  for (let iter = 0; iter < 100 && remaining > 1e-9; iter++) {
    let wsum = 0;
    for (let i = 0; i < n; i++) if (!fixed[i] && weights[i] > 0) wsum += weights[i];
    if (wsum === 0) break;
    let overflow = false;
    for (let i = 0; i < n; i++) {
      if (fixed[i] || !(weights[i] > 0)) continue;
      const q = (remaining * weights[i]) / wsum;
      if (quota[i] + q >= cap(i)) overflow = true;
    }
    if (!overflow) {
      for (let i = 0; i < n; i++) if (!fixed[i] && weights[i] > 0) quota[i] += (remaining * weights[i]) / wsum;
      break;
    }
    for (let i = 0; i < n; i++) {
      if (fixed[i] || !(weights[i] > 0)) continue;
      const q = (remaining * weights[i]) / wsum;
      if (quota[i] + q >= cap(i)) {
        remaining -= cap(i) - quota[i];
        quota[i] = cap(i);
        fixed[i] = 1;
      }
    }
  }

  let assigned = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.min(Math.floor(quota[i] + 1e-9), cap(i));
    assigned += out[i];
  }
  // Hand out the rounding remainder by largest fractional part.
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => weights[i] > 0)
    .sort((a, b) => quota[b] - out[b] - (quota[a] - out[a]) || a - b);
  let k = 0;
  while (assigned < total) {
    const i = order[k % order.length];
    if (out[i] < cap(i)) {
      out[i]++;
      assigned++;
    }
    k++;
    if (k > order.length * (total + 1)) throw new Error('allocation did not converge');
  }
  return out;
}
