// What the grids layer needs from the workers: the grids worker's tiles (its geometry transferred, not cloned)
// and the DEM worker's draping of the selected grid's outline.
import { transfer } from 'comlink';
import type { GridLayerSources } from '../scene/layers/gridsLayer';
import { track, type Workers } from './workers';

/** Outlines on the ground are densified to this step so no segment cuts through the terrain. */
const DRAPE_STEP_M = 40;

export function gridLayerSources(workers: Workers): GridLayerSources {
  return {
    setGrids: (id, p, level) =>
      track(
        workers
          .grids()
          .setGrids(
            id,
            transfer(p, [
              p.coords.buffer,
              p.ringStart.buffer,
              p.polyRingStart.buffer,
              p.featurePolyStart.buffer,
              p.bbox.buffer,
            ] as ArrayBuffer[]),
            transfer(level, [level.buffer as ArrayBuffer]),
          ),
      ),
    drop: (id) => workers.grids().drop(id),
    tile: (id, on, x, y, zoom) => workers.grids().tile(id, on, x, y, zoom),
    gridAt: (id, lonLatDeg, levels) => track(workers.grids().gridAt(id, lonLatDeg, levels)),
    drape: (coords, ringStart) =>
      track(
        workers.dem.drape(
          transfer(coords, [coords.buffer as ArrayBuffer]),
          transfer(ringStart, [ringStart.buffer as ArrayBuffer]),
          DRAPE_STEP_M,
          true,
        ),
      ),
  };
}
