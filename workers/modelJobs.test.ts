// The tiles worker's model jobs, run in Node (three.js's loaders need no DOM): a glTF opened from blobs, placed and
// tiled into served blob URLs with its footprint; a model over the tab's triangle limit refused at once, naming it.
import { describe, expect, it } from 'vitest';
import { gltfBuilding } from '../src/io/models/fixtures/gltfBuilding.fixture';
import { modelApi } from './modelJobs';

const blobs = () => {
  const { files } = gltfBuilding({ binary: true });
  return [...files].map(([name, bytes]) => ({ name, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) }));
};

describe('model jobs', () => {
  it('opens a glTF, tiles it at a placement and serves the tileset; the footprint ring is closed', async () => {
    const summary = await modelApi.openModel(blobs(), null);
    expect(summary.format).toBe('glb');
    expect(summary.units.source).toMatch(/metres/);
    const placement = { crs: 'EPSG:4547', x: 469_000, y: 3_847_000, heightM: 100, rotationDeg: 0, scale: 1, anchor: summary.baseCentre };
    const progress: number[] = [];
    const tiled = await modelApi.tileModel(summary.job, placement, null, (done) => progress.push(done));
    expect(tiled.url).toMatch(/^blob:/);
    expect(tiled.counts.leafTriangles).toBe(summary.triangles);
    expect(progress.at(-1)).toBe(tiled.counts.tiles);
    const ring = tiled.footprintLonLatDeg;
    expect(ring.length).toBeGreaterThanOrEqual(8);
    expect([ring[0], ring[1]]).toEqual([ring.at(-2), ring.at(-1)]);
    expect(tiled.design).toBeNull();
    modelApi.closeModel(summary.job);
  });

  it('refuses a model over the triangle limit with the file and the count', async () => {
    const small = await modelApi.openModel(blobs(), null);
    await expect(modelApi.openModel(blobs(), null, small.triangles - 1)).rejects.toThrow(
      new RegExp(`building\\.glb: ${small.triangles} triangles, more than the ${small.triangles - 1}`),
    );
  });
});
