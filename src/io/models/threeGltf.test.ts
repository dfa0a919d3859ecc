import { describe, expect, it } from 'vitest';
import { ModelError, modelTriangles } from '../../core/models/model';
import { ANNEX_CORNER_ZUP, BUILDING_TOP_CORNER_ZUP, gltfBuilding, ROOF_RGBA, WALL_RGBA } from './fixtures/gltfBuilding.fixture';
import { pngRgb } from './fixtures/png.fixture';
import { elementBounds, elementTriangles, insideOutTriangles, nearestVertexM } from './testModel.fixture';
import { readThreeModel } from './threeModel';

const png = pngRgb(2, 2, (x, y) => [x * 255, y * 255, 128]);

describe('readThreeModel: glTF', () => {
  for (const binary of [false, true]) {
    it(`reads the known building (${binary ? '.glb' : '.gltf + .bin'}) in metres, z up`, async () => {
      const { main, files } = gltfBuilding({ binary, roofPng: png });
      const model = await readThreeModel(files, main);
      expect(model.format).toBe(binary ? 'glb' : 'gltf');
      expect(model.units).toEqual({ metresPerUnit: 1, source: 'glTF: metres by the specification' });
      expect(model.elements.map((e) => e.name)).toEqual(['Building A', 'Annex']);
      expect(model.elements[0].properties).toEqual({ use: 'office', floors: 2, 'owner.city': 'Wuhan' });
      expect(elementTriangles(model, 'Building A')).toBe(10);
      expect(elementTriangles(model, 'Annex')).toBe(12);
      expect(modelTriangles(model)).toBe(22);
      expect(nearestVertexM(model, 'Building A', BUILDING_TOP_CORNER_ZUP)).toBeLessThan(0.001);
      expect(nearestVertexM(model, 'Annex', ANNEX_CORNER_ZUP)).toBeLessThan(0.001);
      const [min, max] = elementBounds(model, 'Building A');
      expect(max[2] - min[2]).toBeCloseTo(6, 5);
      expect(max[1] - min[1]).toBeCloseTo(8, 5);
      for (const part of model.parts) expect(insideOutTriangles(part)).toBe(0);
      const byName = Object.fromEntries(model.materials.map((m) => [m.name, m]));
      expect(byName.Wall.color).toEqual(WALL_RGBA.map((c) => expect.closeTo(c, 6)));
      expect(byName.Wall.doubleSided).toBe(true);
      expect(byName.Roof.color).toEqual(ROOF_RGBA.map((c) => expect.closeTo(c, 6)));
      expect(byName.Roof.texture?.mime).toBe('image/png');
      expect(byName.Roof.texture?.bytes).toEqual(png);
      const roof = model.parts.find((p) => model.materials[p.material].name === 'Roof')!;
      expect(roof.uvs?.length).toBe((roof.positions.length / 3) * 2);
      expect(model.parts.find((p) => model.materials[p.material].name === 'Wall')!.uvs).toBeUndefined();
      expect(model.warnings).toEqual([]);
    });
  }

  it('reads georeferencing from a sidecar next to the model', async () => {
    const { main, files } = gltfBuilding({ binary: false });
    const geo = { crs: 'EPSG:4547', easting: 500100.5, northing: 3380200.25, height: 21, rotationDeg: 12.5, scale: 1 };
    files.set('building.geo.json', new TextEncoder().encode(JSON.stringify(geo)));
    const model = await readThreeModel(files, main);
    expect(model.georef).toEqual({
      crs: 'EPSG:4547',
      eastingM: 500100.5,
      northingM: 3380200.25,
      heightM: 21,
      rotationDeg: 12.5,
      scale: 1,
      source: 'sidecar building.geo.json',
    });
  });

  it('names a broken sidecar', async () => {
    const { main, files } = gltfBuilding({ binary: false });
    files.set('building.gltf.geo.json', new TextEncoder().encode('{"crs": "EPSG:4547", "easting": "east"}'));
    await expect(readThreeModel(files, main)).rejects.toThrow(/building\.gltf\.geo\.json: needs "easting" as a number/);
  });

  it('warns about a missing texture and still reads the model', async () => {
    const { main, files } = gltfBuilding({ binary: false, roofPng: png });
    files.delete('roof.png');
    const model = await readThreeModel(files, main);
    expect(model.warnings).toEqual([expect.stringContaining('texture roof.png is missing')]);
    expect(model.materials.find((m) => m.name === 'Roof')!.texture).toBeUndefined();
    expect(modelTriangles(model)).toBe(22);
  });

  it('a missing .bin, a truncated .glb or garbage is a ModelError naming the file', async () => {
    const gltf = gltfBuilding({ binary: false });
    gltf.files.delete('building.bin');
    await expect(readThreeModel(gltf.files, gltf.main)).rejects.toThrow(/^building\.gltf: .*building\.bin is missing/);

    const truncated = gltfBuilding({ binary: true });
    const bytes = truncated.files.get('building.glb')!;
    truncated.files.set('building.glb', bytes.slice(0, bytes.length - 200));
    await expect(readThreeModel(truncated.files, truncated.main)).rejects.toThrow(ModelError);
    await expect(readThreeModel(truncated.files, truncated.main)).rejects.toThrow(/^building\.glb: cannot be read as GLB: truncated/);

    const garbage = new Map([['junk.gltf', new TextEncoder().encode('{"asset": {"version": "2.0"}, "nodes": [')]]);
    await expect(readThreeModel(garbage, 'junk.gltf')).rejects.toThrow(/^junk\.gltf: cannot be read as glTF/);
    const noMesh = new Map([
      ['empty.gltf', new TextEncoder().encode('{"asset": {"version": "2.0"}, "scenes": [{"nodes": []}], "scene": 0}')],
    ]);
    await expect(readThreeModel(noMesh, 'empty.gltf')).rejects.toThrow('empty.gltf: has no triangles: no mesh in the scene');
  });
});
