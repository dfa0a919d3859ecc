import { describe, expect, it } from 'vitest';
import { buildGridIndex } from './gridIndex';
import { gridIndexFrom, LEFTWARD, WHOLE_CELL } from './gridIndexLayout';
import { packRings } from './packRings';
import { halfOpenOwners } from './referenceJoin';
import { latticeGrid } from './syntheticGrid';

describe('buildGridIndex', () => {
  const cells = latticeGrid({ cols: 10, rows: 8, seed: 6, edgeVertices: 3, holes: 2, multi: 2 });
  const index = buildGridIndex(cells, { cellsPerFeature: 24 });

  it('classifies raster cells truthfully: interior cells lie inside their feature', () => {
    let interior = 0;
    for (let r = 0; r < index.nRows; r++) {
      for (let c = 0; c < index.nCols; c++) {
        const v = index.cellValue[r * index.nCols + c];
        if (v < 0) continue;
        interior++;
        // Corners and centre of the raster cell all belong to v alone.
        for (const [u, w] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
          [0.5, 0.5],
        ]) {
          const x = index.minX + (c + u) * index.cellSizeM,
            y = index.minY + (r + w) * index.cellSizeM;
          expect(halfOpenOwners(cells, x, y)).toEqual([v]);
        }
      }
    }
    expect(interior).toBeGreaterThan(index.nCols * index.nRows * 0.3);
  });

  it('writes candidate records with ascending polygons and ranges inside the edge stream', () => {
    let records = 0;
    for (const v of index.cellValue) {
      if (v > -2) continue;
      records++;
      const rec = -2 - v;
      let prev = -1;
      for (let k = rec + 1; k < rec + 1 + 3 * index.cand[rec]; k += 3) {
        const p = index.cand[k] >> 2;
        expect(p).toBeGreaterThan(prev);
        prev = p;
        expect(index.cand[k + 1]).toBeLessThanOrEqual(index.cand[k + 2]);
        expect(index.cand[k + 2]).toBeLessThanOrEqual(index.streamLength);
        if (index.cand[k] & WHOLE_CELL) expect(index.cand[k] & LEFTWARD).toBe(0);
      }
    }
    expect(records).toBeGreaterThan(0);
  });

  it('revives from a copy of its buffer and rejects foreign buffers', () => {
    const copy = gridIndexFrom(index.buffer.slice(0));
    expect(copy.cellValue).toEqual(index.cellValue);
    expect(copy.edgeStream).toEqual(index.edgeStream);
    expect([copy.minX, copy.maxY, copy.cellSizeM, copy.featureCount]).toEqual([
      index.minX,
      index.maxY,
      index.cellSizeM,
      index.featureCount,
    ]);
    expect(() => gridIndexFrom(new ArrayBuffer(256))).toThrow(/not a grid index/);
  });

  it('names the feature with a non-finite coordinate', () => {
    const bad = packRings([[[[0, 0, 1, 0, 1, 1]]], [[[0, 0, Number.NaN, 0, 1, 1]]]], ['ok', 'broken']);
    expect(() => buildGridIndex(bad)).toThrow(/feature 1 \(broken\)/);
  });

  it('keeps the raster bounded when one feature lies far away', () => {
    const far = packRings([[[[0, 0, 10, 0, 10, 10, 0, 10]]], [[[1e6, 1e6, 1e6 + 10, 1e6, 1e6 + 10, 1e6 + 10]]]]);
    const i = buildGridIndex(far, { maxRasterCells: 10_000 });
    expect(i.nCols * i.nRows).toBeLessThanOrEqual(10_000);
  });
});
