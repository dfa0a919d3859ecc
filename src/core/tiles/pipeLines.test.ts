import { describe, expect, it } from 'vitest';
import type { DrapedLines } from '../geom/drape';
import { geodeticToEcef } from './enu';
import { PIPELINE_KINDS } from '../pipes/cjj61';
import { DEFAULT_PIPE_DEPTH_M, pipeLineBatches, type PipeLineColumns } from './pipeLines';

/** `features` two-vertex pipes 100 m east-west, spread over a few km, ground at 100 m; kinds cycle water, gas, a city code. */
function network(features: number): { draped: DrapedLines; columns: PipeLineColumns } {
  const coords = new Float64Array(features * 2 * 3);
  for (let f = 0; f < features; f++) {
    const lon = 113.6 + (f % 50) * 0.002,
      lat = 34.7 + Math.floor(f / 50) * 0.002;
    coords.set([lon, lat, 100, lon + 0.0011, lat, 100], 6 * f);
  }
  const partStart = Uint32Array.from({ length: features + 1 }, (_, p) => 2 * p);
  const featurePartStart = Uint32Array.from({ length: features + 1 }, (_, f) => f);
  const categoryIndex = Uint16Array.from({ length: features }, (_, f) => f % 3);
  const nan = () => new Float32Array(features).fill(NaN);
  return {
    draped: { coords, partStart },
    columns: { featurePartStart, categoryIndex, categories: ['water', 'gas', 'XJ'], sizeMm: nan(), startDepthM: nan(), endDepthM: nan() },
  };
}

describe('pipeLineBatches', () => {
  it('keeps every vertex and segment, one kind per batch, batches within the vertex limit', () => {
    const { draped, columns } = network(300);
    const b = pipeLineBatches(draped, columns, 64);
    expect(b.positionsM.length).toBe(300 * 2 * 3);
    expect(b.indices.length).toBe(300 * 2);
    const batches = b.batchKind.length;
    expect(b.batchVertexStart.length).toBe(batches + 1);
    const verticesPerKind: Record<string, number> = {};
    for (let k = 0; k < batches; k++) {
      const vertices = b.batchVertexStart[k + 1] - b.batchVertexStart[k];
      expect(vertices).toBeLessThanOrEqual(64);
      const kind = PIPELINE_KINDS[b.batchKind[k]];
      verticesPerKind[kind] = (verticesPerKind[kind] ?? 0) + vertices;
      // Indices stay inside their batch.
      for (let i = b.batchIndexStart[k]; i < b.batchIndexStart[k + 1]; i++) expect(b.indices[i]).toBeLessThan(vertices);
    }
    // A city's own code draws as unknown (grey), never dropped.
    expect(verticesPerKind).toEqual({ water: 200, gas: 200, unknown: 200 });
    // Each kind's batches are consecutive: at most ceil(200 / 64) of them per kind.
    expect(batches).toBe(3 * Math.ceil(200 / 64));
  });

  it('lays each vertex at the cover depth plus the radius below the ground', () => {
    const { draped, columns } = network(3);
    columns.sizeMm[0] = 400;
    columns.startDepthM[0] = 2;
    columns.endDepthM[0] = 4;
    const b = pipeLineBatches(draped, columns, 1000);
    const kindWater = PIPELINE_KINDS.indexOf('water');
    const first = b.batchVertexStart[[...b.batchKind].indexOf(kindWater)];
    const at = (v: number) => [...b.positionsM.subarray(3 * v, 3 * v + 3)];
    const [lon, lat] = [draped.coords[0], draped.coords[1]];
    // Water feature 0: 2 m cover at its start, 4 m at its end, 0.2 m radius.
    at(first).forEach((x, k) => expect(x).toBeCloseTo(geodeticToEcef(lon, lat, 100 - 2 - 0.2)[k], 3));
    at(first + 1).forEach((x, k) => expect(x).toBeCloseTo(geodeticToEcef(draped.coords[3], lat, 100 - 4 - 0.2)[k], 3));
    // Without depth or size: the default cover and a 0.1 m radius.
    const gas = b.batchVertexStart[[...b.batchKind].indexOf(PIPELINE_KINDS.indexOf('gas'))];
    at(gas).forEach((x, k) =>
      expect(x).toBeCloseTo(geodeticToEcef(draped.coords[6], draped.coords[7], 100 - DEFAULT_PIPE_DEPTH_M - 0.1)[k], 3),
    );
  });
});
