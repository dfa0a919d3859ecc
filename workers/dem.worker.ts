// DEM worker: decodes the demo DEM GeoTIFF with geotiff.js and answers terrain-tile and height queries; builds the
// geometry laid on it off the page (draped lines, road ribbons, the far view's pipe lines) and the sensors' clusters.
import { expose, transfer } from 'comlink';
import { workerEndpoint } from './endpoint';
import { readDem } from '../src/io/pipesData';
import { sampleHeightM, sampleTileHeights, type HeightGrid } from '../src/core/geom/heightGrid';
import { drapeLines, type DrapedLines } from '../src/core/geom/drape';
import { hillshadeRgba } from '../src/core/geom/hillshade';
import { ribbons, type EcefRibbonMesh } from '../src/core/geom/ribbon';
import { geodeticToEcef } from '../src/core/tiles/enu';
import { pipeLineBatches, pipeLineBuffers, type PipeLineBatches, type PipeLineColumns } from '../src/core/tiles/pipeLines';
import { clusterLevelBuffers, clusterLevels, type ClusterLevel } from '../src/core/sensors/clusters';

let grid: HeightGrid | null = null;

function requireGrid(): HeightGrid {
  if (!grid) throw new Error('DEM not loaded: call load(url) first');
  return grid;
}

const api = {
  async load(
    url: string,
  ): Promise<{ width: number; height: number; bboxDeg: [number, number, number, number]; minM: number; maxM: number }> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
    // The one DEM reader (src/io): size-checked before allocation, a truncated or huge file named in the error.
    grid = await readDem(new Uint8Array(await res.arrayBuffer()), url);
    const { heightsM, bboxDeg: bbox } = grid;
    let minM = Infinity,
      maxM = -Infinity;
    for (const h of heightsM) {
      if (h < minM) minM = h;
      if (h > maxM) maxM = h;
    }
    return { width: grid.width, height: grid.height, bboxDeg: bbox, minM, maxM };
  },

  /** A size×size heightmap for a terrain tile spanning rect [w, s, e, n] in degrees. */
  tile(rectDeg: [number, number, number, number], size: number): Float32Array {
    const heights = sampleTileHeights(requireGrid(), rectDeg, size);
    return transfer(heights, [heights.buffer]);
  },

  /** Hillshade shadows of the whole DEM as RGBA pixels (rows north to south). */
  hillshade(): { width: number; height: number; bboxDeg: [number, number, number, number]; rgba: Uint8ClampedArray } {
    const g = requireGrid();
    const rgba = hillshadeRgba(g);
    return transfer({ width: g.width, height: g.height, bboxDeg: g.bboxDeg, rgba }, [rgba.buffer]);
  },

  /** Lines (or rings, `closed`) densified to `maxStepM` with the ground height at every vertex. */
  drape(coords: Float64Array, partStart: Uint32Array, maxStepM: number, closed: boolean): DrapedLines {
    const d = drapeLines(requireGrid(), coords, partStart, maxStepM, closed);
    return transfer(d, [d.coords.buffer, d.partStart.buffer] as ArrayBuffer[]);
  },

  /** Road surfaces: ribbons of `widthM` per part laid on the ground, lifted by `liftM`, in ECEF metres (none converted on the page). */
  ribbons(coords: Float64Array, partStart: Uint32Array, widthM: Float32Array, maxStepM: number, liftM: number): EcefRibbonMesh {
    const { positions, ...rest } = ribbons(drapeLines(requireGrid(), coords, partStart, maxStepM, false), widthM, liftM);
    for (let k = 0; k < positions.length; k += 3) geodeticToEcef(positions[k], positions[k + 1], positions[k + 2], positions, k);
    const mesh = { ...rest, positionsEcefM: positions };
    return transfer(mesh, [
      mesh.positionsEcefM.buffer,
      mesh.indices.buffer,
      mesh.partVertexStart.buffer,
      mesh.partIndexStart.buffer,
    ] as ArrayBuffer[]);
  },

  /** The far view's pipe lines: parts draped to `maxStepM`, at their depth, batched per kind (≤ `maxVertices` a batch). */
  pipeLines(
    coords: Float64Array,
    partStart: Uint32Array,
    columns: PipeLineColumns,
    maxStepM: number,
    maxVertices: number,
  ): PipeLineBatches {
    const batches = pipeLineBatches(drapeLines(requireGrid(), coords, partStart, maxStepM, false), columns, maxVertices);
    return transfer(batches, pipeLineBuffers(batches));
  },

  /** Sensors' cluster pyramid for the marker view (no DEM needed; done here to keep it off the page). */
  clusterSensors(lonLatDeg: Float64Array, groundM: Float32Array): ClusterLevel[] {
    const levels = clusterLevels(lonLatDeg, groundM);
    return transfer(levels, clusterLevelBuffers(levels));
  },

  /** Ground heights at lon,lat pairs. */
  sample(lonLatDeg: Float64Array): Float32Array {
    const g = requireGrid();
    const out = new Float32Array(lonLatDeg.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = sampleHeightM(g, lonLatDeg[2 * i], lonLatDeg[2 * i + 1]);
    return transfer(out, [out.buffer]);
  },
};

expose(api, workerEndpoint());
export type DemApi = typeof api;
