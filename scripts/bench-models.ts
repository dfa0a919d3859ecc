// `npm run bench:models -- [--storeys 80] [--columns 200]`: 3D Tiles of a large synthetic model (≥ 1 million
// triangles: slabs, walls, round columns and textured panels per storey) through core/models' writer, and in the
// same run the same model written without compression (the named baseline). Prints triangles/s, bytes per triangle,
// tiles, the largest tile task and peak memory, with their ratios. Asserts nothing on speed.
// Hook: benchModel(model, placement) takes any ModelData (the IFC reader's, later).
import { meshoptReady } from '../src/core/tiles/glbPack';
import { modelTriangles, type ModelData, type ModelPlacement } from '../src/core/models/model';
import { syntheticBuilding } from '../src/core/models/models.fixture';
import { writeModelTiles, type ModelTilesOptions } from '../src/core/models/modelTiles';
import { parseFlags } from './cim/args';

export interface ModelBench {
  label: string;
  triangles: number;
  seconds: number;
  trianglesPerS: number;
  bytes: number;
  bytesPerTriangle: number;
  tiles: number;
  /** Longest gap between two yielded tiles (what a worker's caller waits at most), ms. */
  longestTileMs: number;
  peakRssMB: number;
}

/** Tiles `model` at `placement` once, dropping each glb as it comes (as a caller writing files would). */
export function benchModel(model: ModelData, placement: ModelPlacement, label: string, options: ModelTilesOptions = {}): ModelBench {
  const triangles = modelTriangles(model);
  let peak = process.memoryUsage().rss,
    longest = 0;
  const t0 = performance.now();
  let last = t0;
  const it = writeModelTiles(model, placement, options);
  let step = it.next();
  for (; !step.done; step = it.next()) {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - t0) / 1000;
  const { counts } = step.value;
  return {
    label,
    triangles,
    seconds,
    trianglesPerS: triangles / seconds,
    bytes: counts.bytes,
    bytesPerTriangle: counts.bytes / counts.leafTriangles,
    tiles: counts.tiles,
    longestTileMs: longest,
    peakRssMB: peak / 2 ** 20,
  };
}

const flags = parseFlags(process.argv.slice(2), { storeys: 'string', columns: 'string' });
const model = syntheticBuilding('bench.ifc', {
  storeys: Number(flags.storeys ?? 80),
  rooms: 20,
  columns: Number(flags.columns ?? 200),
  sizeM: 80,
});
const placement: ModelPlacement = { crs: 'EPSG:4547', x: 500_123.4, y: 3_380_456.7, heightM: 25, rotationDeg: 30, scale: 1 };
await meshoptReady();
console.error(`[bench] ${modelTriangles(model).toLocaleString('en')} triangles, ${model.elements.length.toLocaleString('en')} elements`);
const ours = benchModel(model, placement, 'core/models, meshopt');
const baseline = benchModel(model, placement, 'baseline: the same, compression none', { compression: 'none' });
const row = (b: ModelBench) =>
  `${b.label.padEnd(38)} ${Math.round(b.trianglesPerS).toLocaleString('en').padStart(10)} tri/s  ${b.bytesPerTriangle.toFixed(2).padStart(6)} B/tri  ` +
  `${(b.bytes / 2 ** 20).toFixed(1).padStart(6)} MB  ${String(b.tiles).padStart(3)} tiles  longest tile ${Math.round(b.longestTileMs)} ms  peak RSS ${Math.round(b.peakRssMB)} MB`;
console.log(`model: ${ours.triangles.toLocaleString('en')} triangles, ${model.elements.length.toLocaleString('en')} elements`);
console.log(row(ours));
console.log(row(baseline));
console.log(
  `ratio (ours / baseline): speed ${(ours.trianglesPerS / baseline.trianglesPerS).toFixed(2)}, bytes ${(ours.bytes / baseline.bytes).toFixed(2)}, peak RSS ${(ours.peakRssMB / baseline.peakRssMB).toFixed(2)}`,
);
