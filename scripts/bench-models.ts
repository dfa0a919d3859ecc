// `npm run bench:models -- [--storeys 80] [--columns 200] [--ifc-storeys 30] [--ifc-walls-per-edge 470] [--no-ifc] [--no-browser]`:
// 3D Tiles of models through core/models' writer, in one run:
// 1. a large synthetic model (≥ 1 million triangles: slabs, walls, round columns and textured panels per storey),
// 2. the same written without compression (the named baseline),
// 3. a generated IFC building (src/io/models/ifcFixture.ts; the defaults give just over a million triangles) read
//    through web-ifc (readIfc) and tiled: read s, tile s, triangles/s, bytes per triangle, peak RSS, and its ratio to
//    the synthetic model's run;
// 4. (unless --no-browser) the same IFC and the small fixture IFC dropped on the viewer in chromium
//    (bench-models-browser.ts): the read, the tiling and the page's longest main-thread task, large against small.
// Prints triangles/s, bytes per triangle, tiles, the largest tile task and peak memory, with their ratios. Asserts
// nothing on speed. benchModel(model, placement) takes any ModelData.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { designValues } from '../src/core/models/design';
import { meshoptReady } from '../src/core/tiles/glbPack';
import { modelTriangles, type ModelData, type ModelPlacement } from '../src/core/models/model';
import { syntheticBuilding } from '../src/core/models/models.fixture';
import { writeModelTiles, type ModelTilesOptions } from '../src/core/models/modelTiles';
import { readIfc } from '../src/io/models/ifc';
import { initIfcApi } from '../src/io/models/ifcApi';
import { ifcFixture } from '../src/io/models/ifcFixture';
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

/** A generated IFC building read through readIfc (peak RSS sampled while it reads), then tiled. */
async function benchIfc(storeys: number, wallsPerEdge: number, placement: ModelPlacement) {
  let t0 = performance.now();
  const bytes = new TextEncoder().encode(ifcFixture({ storeys, wallsPerEdge }));
  const generateS = (performance.now() - t0) / 1000;
  const api = await initIfcApi(resolve('node_modules/web-ifc') + '/');
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  t0 = performance.now();
  const model = await readIfc(bytes, 'bench.ifc', api);
  const readS = (performance.now() - t0) / 1000;
  clearInterval(sample);
  t0 = performance.now();
  const design = designValues(model);
  const designS = (performance.now() - t0) / 1000;
  const tiled = benchModel(model, placement, 'IFC: readIfc + core/models, meshopt');
  return { bytes: bytes.length, generateS, readS, designS, design, model, tiled, peakRssMB: Math.max(peak / 2 ** 20, tiled.peakRssMB) };
}

const flags = parseFlags(process.argv.slice(2), {
  storeys: 'string',
  columns: 'string',
  'ifc-storeys': 'string',
  'ifc-walls-per-edge': 'string',
  'no-ifc': 'boolean',
  'no-browser': 'boolean',
});
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

if (flags['no-ifc'] !== true) {
  const storeys = Number(flags['ifc-storeys'] ?? 30);
  const wallsPerEdge = Number(flags['ifc-walls-per-edge'] ?? 470);
  console.error(`[bench] generating an IFC of ${storeys} storeys × ${6 * wallsPerEdge} walls`);
  const ifc = await benchIfc(storeys, wallsPerEdge, placement);
  const t = ifc.tiled;
  const totalS = ifc.readS + t.seconds;
  console.log(
    `IFC: ${(ifc.bytes / 2 ** 20).toFixed(1)} MiB of STEP text (generated in ${ifc.generateS.toFixed(2)} s), ` +
      `${t.triangles.toLocaleString('en')} triangles, ${ifc.model.elements.length.toLocaleString('en')} elements, ${ifc.model.parts.length.toLocaleString('en')} parts, ${ifc.model.warnings.length} warnings`,
  );
  console.log(
    `IFC: read ${ifc.readS.toFixed(2)} s, tile ${t.seconds.toFixed(2)} s, ${Math.round(t.triangles / totalS).toLocaleString('en')} tri/s read + tiled ` +
      `(${Math.round(t.trianglesPerS).toLocaleString('en')} tri/s tiling), ${t.bytesPerTriangle.toFixed(2)} B/tri, ${t.tiles} tiles, ` +
      `longest tile ${Math.round(t.longestTileMs)} ms, peak RSS ${Math.round(ifc.peakRssMB)} MB`,
  );
  console.log(
    `IFC: designValues ${ifc.designS.toFixed(2)} s: GFA ${ifc.design.gfaM2.toFixed(1)} m², footprint ${ifc.design.footprintM2.toFixed(1)} m², height ${ifc.design.heightM.toFixed(2)} m`,
  );
  console.log(
    `ratio (IFC tiling / synthetic model, both meshopt): speed ${(t.trianglesPerS / ours.trianglesPerS).toFixed(2)}, ` +
      `bytes per triangle ${(t.bytesPerTriangle / ours.bytesPerTriangle).toFixed(2)}, peak RSS ${(ifc.peakRssMB / ours.peakRssMB).toFixed(2)}; ` +
      `read + tile against the synthetic model's tiling alone: speed ${(t.triangles / totalS / ours.trianglesPerS).toFixed(2)}`,
  );
}

// The page's side: the same IFC dropped on the viewer, the longest main-thread task while the tiles worker tiles it.
if (flags['no-ifc'] !== true && flags['no-browser'] !== true) {
  const args = ['--storeys', String(flags['ifc-storeys'] ?? 30), '--walls-per-edge', String(flags['ifc-walls-per-edge'] ?? 470)];
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench-models-browser.ts', ...args, '--no-profile', '--no-trace'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
