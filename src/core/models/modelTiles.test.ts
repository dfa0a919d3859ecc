import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { readAccessor, readGlb, readPropertyTable, worldPositions } from '../tiles/glbRead.fixture';
import { unexplainedGlbIssues } from '../tiles/gltfValidator.fixture';
import type { TileJson } from '../tiles/tileset';
import { ModelError, type ModelData, type ModelPlacement } from './model';
import { boxPart, model, syntheticBuilding } from './models.fixture';
import { buildModelTiles, writeModelTiles } from './modelTiles';
import { A, E2, ecef, GK_114, nearestLeafVertexM, RAD, readTileTree, type ReadTile } from './tileTree.fixture';

/** The tiles of a result read back, each from its glb in memory. */
function readTiles(result: ReturnType<typeof buildModelTiles>): ReadTile[] {
  const byUri = new Map(result.tiles.map((t) => [t.uri, t.glb]));
  return readTileTree(result.tileset.root as TileJson, (uri) => byUri.get(uri)!);
}

const gk: ModelPlacement = { crs: 'EPSG:4547', x: 500_123.4, y: 3_380_456.7, heightM: 25, rotationDeg: 30, scale: 1, anchor: [5, 2, 0] };
const box = () => model('box.ifc', [{ name: 'Box', ifcClass: 'IfcWall', properties: {} }], [boxPart(0, 0, [0, 0, 0], [10, 4, 3])]);

describe('writeModelTiles: placement', () => {
  it('puts model (0,0,0) and (10,0,0) within 5 cm of where the GK zone puts them, after the anchor and a 30° turn', () => {
    const tiles = readTiles(buildModelTiles(box(), gk));
    const c = Math.cos(30 * RAD),
      s = Math.sin(30 * RAD);
    for (const [x, y] of [
      [0, 0],
      [10, 0],
    ]) {
      const dx = x - 5,
        dy = y - 2;
      const [lon, lat] = proj4(GK_114, 'WGS84', [gk.x + c * dx - s * dy, gk.y + s * dx + c * dy]);
      expect(nearestLeafVertexM(tiles, ecef(lon, lat, 25))).toBeLessThan(0.05);
    }
  });

  it('in lon/lat, offsets the model east and north of the anchor in metres', () => {
    const at = {
      crs: 'EPSG:4490',
      x: 114.05,
      y: 30.5,
      heightM: 10,
      rotationDeg: 30,
      scale: 2,
      anchor: [0, 0, 0] as [number, number, number],
    };
    const tiles = readTiles(buildModelTiles(box(), at));
    const lon = at.x * RAD,
      lat = at.y * RAD;
    const east = [-Math.sin(lon), Math.cos(lon), 0],
      north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
    const o = ecef(at.x, at.y, at.heightM);
    // (10, 0, 0) scaled by 2 and turned 30°: 20 m along the bearing 60° east of north.
    const e = 20 * Math.cos(30 * RAD),
      n = 20 * Math.sin(30 * RAD);
    const p = o.map((v, i) => v + e * east[i] + n * north[i]);
    expect(nearestLeafVertexM(tiles, p)).toBeLessThan(0.05);
  });

  it('refuses a placement 100 km from the city, naming the file and the distance', () => {
    const bounds = [113.9, 29.5, 114.0, 29.6] as const;
    const run = () => buildModelTiles(box(), { ...gk, anchor: [0, 0, 0] }, { cityBoundsDeg: bounds });
    expect(run).toThrow(ModelError);
    const [lon, lat] = proj4(GK_114, 'WGS84', [gk.x, gk.y]);
    const km = (Math.hypot((lon - bounds[2]) * Math.cos(lat * RAD), lat - bounds[3]) * A * RAD) / 1000;
    expect(run).toThrow(new RegExp(`^box\\.ifc: .* lies ${Math.round(km)} km from the city`));
    expect(km).toBeGreaterThan(90);
  });
});

describe('writeModelTiles: tiles', () => {
  const building = syntheticBuilding('tower.ifc', { storeys: 6, rooms: 4, columns: 4 });
  const result = buildModelTiles(building, gk, { maxTrianglesPerTile: 600 });
  const tiles = readTiles(result);
  const leaves = tiles.filter((t) => !t.json.children);

  it('splits into leaves within the budget under a simplified root, errors falling to 0 at the leaves', () => {
    expect(leaves.length).toBeGreaterThan(3);
    const tris = (t: ReadTile) =>
      t.glb.json.meshes[0].primitives.reduce((n: number, p: { indices: number }) => n + t.glb.json.accessors[p.indices].count / 3, 0);
    for (const leaf of leaves) {
      expect(tris(leaf)).toBeLessThanOrEqual(600);
      expect(leaf.json.geometricError).toBe(0);
    }
    const leafTris = leaves.reduce((n, t) => n + tris(t), 0);
    expect(leafTris).toBe(result.counts.leafTriangles);
    expect(tris(tiles[0])).toBeLessThan(leafTris / 2);
    for (const t of tiles) {
      if (!t.parent) continue;
      expect(t.json.geometricError).toBeLessThan(t.parent.json.geometricError);
      const [w, s, e, n, lo, hi] = t.json.boundingVolume.region;
      const [pw, ps, pe, pn, plo, phi] = t.parent.json.boundingVolume.region;
      expect(w >= pw && s >= ps && e <= pe && n <= pn && lo >= plo && hi <= phi).toBe(true);
    }
  });

  it('keeps every vertex inside its tile region', () => {
    for (const t of tiles) {
      const [w, s, e, n, lo, hi] = t.json.boundingVolume.region;
      t.glb.json.meshes[0].primitives.forEach((_: unknown, k: number) => {
        const p = worldPositions(t.glb, t.computed, k);
        for (let i = 0; i < p.length; i += 3) {
          const lon = Math.atan2(p[i + 1], p[i]);
          expect(lon).toBeGreaterThanOrEqual(w);
          expect(lon).toBeLessThanOrEqual(e);
          const lat = Math.atan2(p[i + 2], Math.hypot(p[i], p[i + 1]) * (1 - E2));
          expect(lat).toBeGreaterThanOrEqual(s - 1e-7);
          expect(lat).toBeLessThanOrEqual(n + 1e-7);
          expect(lo).toBeLessThan(hi);
        }
      });
    }
  });

  it('draws every element at full detail in exactly one leaf, its row and _STOREY per vertex right', () => {
    const seen = new Map<number, number>();
    for (const leaf of leaves) {
      const table = readPropertyTable(leaf.glb);
      expect(table.className).toBe('element');
      for (let r = 0; r < table.count; r++) {
        const index = Number(table.columns.elementIndex[r]);
        const el = building.elements[index];
        seen.set(index, (seen.get(index) ?? 0) + 1);
        expect(table.columns.name[r]).toBe(el.name);
        expect(table.columns.ifcClass[r]).toBe(el.ifcClass ?? '');
        expect(table.columns.globalId[r]).toBe(el.globalId ?? '');
        expect(table.columns.storeyIndex[r]).toBe(el.storey ?? -1);
        expect(table.columns.storey[r]).toBe(el.storey === undefined ? '' : building.storeys[el.storey].name);
        expect(JSON.parse(String(table.columns.properties[r]))).toEqual(el.properties);
      }
      for (const prim of leaf.glb.json.meshes[0].primitives) {
        const ids = readAccessor(leaf.glb, prim.attributes._FEATURE_ID_0);
        const storeys = readAccessor(leaf.glb, prim.attributes._STOREY);
        for (let v = 0; v < ids.length; v++) expect(storeys[v]).toBe(table.columns.storeyIndex[ids[v]]);
      }
    }
    expect(seen.size).toBe(building.elements.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(result.counts.elements).toBe(building.elements.length);
  });

  it('writes one primitive per material, the textured one with TEXCOORD_0 and its PNG embedded', () => {
    for (const t of tiles) {
      const mats = t.glb.json.meshes[0].primitives.map((p: { material: number }) => p.material);
      expect(new Set(mats).size).toBe(mats.length);
    }
    const textured = leaves.filter((t) => t.glb.json.images);
    expect(textured.length).toBeGreaterThan(0);
    for (const t of textured) {
      const prim = t.glb.json.meshes[0].primitives.find((p: { material: number }) => t.glb.json.materials[p.material].name === 'facade');
      expect(prim.attributes.TEXCOORD_0).toBeDefined();
      expect(t.glb.json.images[0].mimeType).toBe('image/png');
    }
  });

  it('passes the Khronos validator, every tile', async () => {
    for (const t of result.tiles) expect(await unexplainedGlbIssues(t.glb), t.uri).toEqual([]);
  });
});

describe('writeModelTiles: a model without IFC classes (glTF, OBJ, FBX)', () => {
  it('passes the Khronos validator: its all-empty ifcClass, globalId and storey columns once made 0-byte buffer views', async () => {
    const plain = model('box.glb', [{ name: 'Box', properties: {} }], [boxPart(0, 0, [0, 0, 0], [10, 4, 3])]);
    const result = buildModelTiles(plain, gk);
    for (const t of result.tiles) expect(await unexplainedGlbIssues(t.glb), t.uri).toEqual([]);
  });
});

describe('writeModelTiles: meshes and refusals', () => {
  it('welds a triangle soup without normals into 4 vertices per face with flat normals', () => {
    for (const layout of ['soup', 'shared'] as const) {
      const m = model('soup.obj', [{ name: 'b', properties: {} }], [boxPart(0, 0, [0, 0, 0], [1, 2, 3], { layout })]);
      const glb = readGlb(buildModelTiles(m, gk, { compression: 'none' }).tiles[0].glb);
      const prim = glb.json.meshes[0].primitives[0];
      expect(glb.json.accessors[prim.attributes.POSITION].count).toBe(24);
      expect(glb.json.accessors[prim.indices].count).toBe(36);
      const n = readAccessor(glb, prim.attributes.NORMAL);
      const faces = new Set<string>();
      for (let i = 0; i < n.length; i += 3) {
        expect(Math.abs(Math.hypot(n[i], n[i + 1], n[i + 2]) - 1)).toBeLessThan(0.02);
        faces.add(`${n[i].toFixed(2)},${n[i + 1].toFixed(2)},${n[i + 2].toFixed(2)}`);
      }
      expect(faces.size).toBe(6);
    }
  });

  it('refuses a model over the triangle limit, naming the file and the count', () => {
    expect(() => buildModelTiles(box(), gk, { maxTriangles: 10 })).toThrow(/^box\.ifc: 12 triangles, more than the limit of 10/);
  });

  it('refuses an index past the vertices, naming the file and the part', () => {
    const m = box();
    m.parts[0].indices[5] = 99;
    expect(() => buildModelTiles(m, gk)).toThrow(/^box\.ifc: part 0: index 99 is past its 24 vertices/);
  });

  it('reports progress per tile and stops when aborted', () => {
    const m: ModelData = syntheticBuilding('a.ifc', { storeys: 4 });
    const progress: number[] = [];
    const all = buildModelTiles(m, gk, { maxTrianglesPerTile: 400, onProgress: (done, total) => progress.push(done / total) });
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBe(all.counts.tiles);
    const controller = new AbortController();
    const it = writeModelTiles(m, gk, { maxTrianglesPerTile: 400, signal: controller.signal });
    it.next();
    controller.abort();
    expect(() => it.next()).toThrow();
  });
});
