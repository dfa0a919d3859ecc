// The grid as the bench's editors see it: the base file imported as the server does, then every edit of the server's
// event stream replayed in version order. Editors make their edits on it, as a browser makes them on its copy.
import type { Grid } from '../../src/core/grid/gridModel';
import { replayChecked } from '../../src/core/grid/replayOps';
import { fromWire, type WireOp } from '../../src/core/grid/wireOps';

export interface Mirror {
  grid: Grid;
  version: number;
  /** Why the stream stopped early, if it did. */
  failure: string | null;
  /** Resolves when the mirror reaches `version`. */
  reached(version: number): Promise<void>;
  close(): void;
}

/** Follows /api/grid/events from version 0 on `base`. */
export async function followGrid(url: string, base: Grid): Promise<Mirror> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/grid/events?since=0`, { signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`the event stream answered ${res.status}`);
  const waiting: { version: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  const mirror: Mirror = {
    grid: base,
    version: 0,
    failure: null,
    reached(version) {
      if (mirror.version >= version) return Promise.resolve();
      if (mirror.failure) return Promise.reject(new Error(mirror.failure));
      return new Promise((resolve, reject) => waiting.push({ version, resolve, reject }));
    },
    close: () => abort.abort(),
  };
  const apply = (e: { version: number; op: WireOp }) => {
    if (e.version !== mirror.version + 1) throw new Error(`the event stream skipped from ${mirror.version} to ${e.version}`);
    const r = replayChecked(mirror.grid, [fromWire(mirror.grid, e.op)]);
    if (r.error) throw new Error(`edit ${e.version} of the event stream does not apply: ${r.error.message}`);
    mirror.grid = r.grid;
    mirror.version = e.version;
    for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i].version <= mirror.version) waiting.splice(i, 1)[0].resolve();
  };
  const pump = async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!abort.signal.aborted) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the server ended it');
      text += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, cut);
        text = text.slice(cut + 2);
        if (/^event: edit$/m.test(block)) apply(JSON.parse(/^data: (.*)$/m.exec(block)![1]) as { version: number; op: WireOp });
      }
    }
  };
  pump().catch((err: Error) => {
    if (abort.signal.aborted) return;
    mirror.failure = `the event stream failed: ${err.message}`;
    for (const w of waiting.splice(0)) w.reject(new Error(mirror.failure));
  });
  return mirror;
}
