// A page that drives the overlay worker as the app does: the FlatGeobuf transferred in, styled by a field, tiles drawn
// at a city-wide zoom; it records the page's long tasks meanwhile and reads back one tile's pixels.
import { transfer, wrap } from 'comlink';
import type { FieldStyleMode } from '../../src/core/style/fieldStyle';
import type { OverlayApi } from '../../workers/overlay.worker';

const longTasks: { startMs: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ startMs: e.startTime, ms: e.duration });
}).observe({ type: 'longtask', buffered: true });

/** The tile of Cesium's geographic tiling at `zoom` containing a lon/lat point. */
function tileAt(lon: number, lat: number, zoom: number): [number, number, number] {
  const d = 180 / 2 ** zoom;
  return [Math.floor((lon + 180) / d), Math.floor((90 - lat) / d), zoom];
}

/** Pixels of a tile that are drawn (alpha > 0), and the most common colour among them. */
function readTile(image: ImageBitmap): { drawn: number; top: string } {
  const c = new OffscreenCanvas(image.width, image.height);
  const g = c.getContext('2d')!;
  g.drawImage(image, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  const counts = new Map<string, number>();
  let drawn = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] === 0) continue;
    drawn++;
    const key = `${px[i]},${px[i + 1]},${px[i + 2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { drawn, top: [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '' };
}

(window as unknown as { runOverlay: unknown }).runOverlay = async (url: string, styles: [string, FieldStyleMode][], zooms: number[]) => {
  const api = wrap<OverlayApi>(new Worker(new URL('../../workers/overlay.worker.ts', import.meta.url), { type: 'module' }));
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  // The page's own tasks from the hand-over on: the fetch above stands for the import worker's transfer.
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  const loaded = await api.load(transfer(bytes, [bytes.buffer]), url);
  const loadMs = performance.now() - t0;
  const [w, s, e, n] = loaded.bboxLonLatDeg;
  const centre: [number, number] = [(w + e) / 2, (s + n) / 2];
  const runs = [];
  for (const [field, mode] of styles) {
    const t1 = performance.now();
    const style = await api.setStyle({ field, mode });
    const styleMs = performance.now() - t1;
    const tiles = [];
    for (const z of zooms) {
      const t2 = performance.now();
      const image = await api.tile(...tileAt(centre[0], centre[1], z));
      tiles.push({ zoom: z, tileMs: Math.round(performance.now() - t2), image });
    }
    runs.push({
      field,
      mode,
      styleMs: Math.round(styleMs),
      legend: style.classes.map((c) => ({ label: c.label || c.kind, count: c.count, rgb: c.rgba.slice(0, 3).join(',') })),
      tiles,
    });
  }
  const t3 = performance.now();
  const hit = await api.featureAt(centre[0], centre[1], 0.0005);
  const featureAtMs = performance.now() - t3;
  // The page's long tasks while the worker worked; the tiles' pixels are read back (by this check only) after.
  const tEnd = performance.now();
  const read = runs.map((r) => ({ ...r, tiles: r.tiles.map(({ image, ...t }) => ({ ...t, ...readTile(image) })) }));
  return {
    count: loaded.count,
    skipped: loaded.skipped,
    loadMs: Math.round(loadMs),
    runs: read,
    featureAt: { ms: Math.round(featureAtMs * 10) / 10, id: hit?.properties.id ?? null },
    longestPageTaskMs: Math.max(0, ...longTasks.filter((t) => t.startMs >= t0 && t.startMs < tEnd).map((t) => t.ms)),
    pageTasksBeforeMs: longTasks.filter((t) => t.startMs < t0).map((t) => Math.round(t.ms)),
  };
};
