// Some three.js loaders reach for a browser global in one synchronous call (Collada: `new DOMParser()`, FBX cameras:
// `window.innerWidth`); a worker and Node have neither. Lend one for that call only and put back what was there.

/** Runs `f` with `globalThis[name] = value` when `only` says so (default always), then restores the global. */
export function withGlobal<T>(name: string, value: unknown, f: () => T, only: (current: unknown) => boolean = () => true): T {
  const g = globalThis as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(g, name);
  const before = g[name];
  if (!only(before)) return f();
  g[name] = value;
  try {
    return f();
  } finally {
    if (had) g[name] = before;
    else delete g[name];
  }
}
