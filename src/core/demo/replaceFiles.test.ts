import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DemoManifest } from './manifest';
import { replacesCityFile, withReplacedFiles, type ReplacedFile } from './replaceFiles';

const demo = (): DemoManifest => JSON.parse(readFileSync('data/demo.json', 'utf8')) as DemoManifest;
const file = (url: string, bbox: [number, number, number, number]): ReplacedFile => ({
  url,
  name: url.slice(url.lastIndexOf('/') + 1),
  features: 7,
  key: `key-${url}`,
  bboxLonLatDeg: bbox,
});

describe('a city with files replaced by imports', () => {
  it('is the manifest itself when nothing is replaced', () => {
    const m = demo();
    expect(withReplacedFiles(m, {})).toBe(m);
  });

  it('names the imported buildings and drops what was built from the old ones', () => {
    const m = { ...demo(), tiles: { buildings: 'tiles/buildings/tileset.json', pipelines: 'tiles/pipes/tileset.json' } };
    m.files.buildingJoin = 'buildings.join.bin';
    const inside: [number, number, number, number] = [
      m.bboxLonLatDeg[0] + 0.01,
      m.bboxLonLatDeg[1] + 0.01,
      m.bboxLonLatDeg[0] + 0.02,
      m.bboxLonLatDeg[1] + 0.02,
    ];
    const out = withReplacedFiles(m, { buildings: file('blob:x/建筑', inside) });
    expect(out.files.buildings).toBe('blob:x/建筑');
    expect(out.files.buildingJoin).toBeUndefined();
    expect(out.tiles?.buildings).toBeUndefined();
    expect(out.tiles?.pipelines).toBe(m.tiles.pipelines);
    expect(out.counts.buildings).toBe(7);
    expect(out.deliberateViolations).toEqual([]);
    expect(out.bboxLonLatDeg).toEqual(m.bboxLonLatDeg);
    // The manifest it came from is unchanged.
    expect(m.files.buildingJoin).toBe('buildings.join.bin');
    expect(m.tiles.buildings).toBe('tiles/buildings/tileset.json');
  });

  it('keeps the buildings’ derived data when only the grid is replaced, and widens the extent to a layer outside it', () => {
    const m = { ...demo(), tiles: { buildings: 'tiles/buildings/tileset.json' } };
    m.files.buildingJoin = 'buildings.join.bin';
    const east: [number, number, number, number] = [
      m.bboxLonLatDeg[2] - 0.001,
      m.bboxLonLatDeg[1],
      m.bboxLonLatDeg[2] + 0.5,
      m.bboxLonLatDeg[3],
    ];
    const out = withReplacedFiles(m, { grids: file('blob:x/网格', east) });
    expect(out.files.grids).toBe('blob:x/网格');
    expect(out.files.buildingJoin).toBe('buildings.join.bin');
    expect(out.tiles?.buildings).toBe('tiles/buildings/tileset.json');
    expect(out.deliberateViolations).toEqual(m.deliberateViolations);
    expect(out.bboxLonLatDeg).toEqual([m.bboxLonLatDeg[0], m.bboxLonLatDeg[1], m.bboxLonLatDeg[2] + 0.5, m.bboxLonLatDeg[3]]);
  });

  it('drops the pipelines’ prebuilt tubes with the pipelines, and the demo’s parcel facts with the parcels', () => {
    const m = { ...demo(), tiles: { pipelines: 'tiles/pipes/tileset.json' } };
    const out = withReplacedFiles(m, { pipelines: file('blob:p', m.bboxLonLatDeg), parcels: file('blob:q', m.bboxLonLatDeg) });
    expect(out.tiles?.pipelines).toBeUndefined();
    expect(out.files.pipelines).toBe('blob:p');
    expect(out.files.parcels).toBe('blob:q');
    expect(out.counts.parcels).toBe(7);
    expect(out.heightZoneBreaches).toBeUndefined();
  });

  it('replaces a city file for every role but the overlay', () => {
    expect(
      ['buildings', 'grids', 'pipelines', 'parcels', 'controlLines', 'heightLimits', 'greenSpaces'].every((r) =>
        replacesCityFile(r as never),
      ),
    ).toBe(true);
    expect(replacesCityFile('overlay')).toBe(false);
  });
});
