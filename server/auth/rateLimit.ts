// Log-in attempts per client address and per user name: after `max` failures within `windowMs`, further attempts are
// refused (429 with Retry-After) until the oldest failure leaves the window. A success clears the name's failures.
export interface RateLimiter {
  /** Seconds to wait before another attempt, or 0. */
  retryAfter(keys: readonly string[], now?: number): number;
  failed(keys: readonly string[], now?: number): void;
  succeeded(keys: readonly string[]): void;
}

export function createRateLimiter(max = 5, windowMs = 60_000): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };
  return {
    retryAfter(keys, now = Date.now()) {
      let wait = 0;
      for (const k of keys) {
        const list = recent(k, now);
        if (list.length >= max) wait = Math.max(wait, Math.ceil((list[list.length - max] + windowMs - now) / 1000));
      }
      return wait;
    },
    failed(keys, now = Date.now()) {
      for (const k of keys) failures.set(k, [...recent(k, now), now]);
    },
    succeeded(keys) {
      for (const k of keys) failures.delete(k);
    },
  };
}
