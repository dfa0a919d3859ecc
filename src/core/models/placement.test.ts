import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { convexHullForLivePreview, modelFootprint, modelRegion, planHull } from './footprint';
import { ModelError, type ModelPart, type ModelPlacement } from './model';
import { boxPart, model } from './models.fixture';
import { placeModel, placementFromGeoref } from './placement';

const GK_114 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const at: ModelPlacement = { crs: 'EPSG:4547', x: 500_200, y: 3_380_400, heightM: 30, rotationDeg: 0, scale: 1 };
const of = (...parts: ModelPart[]) =>
  model(
    'site.ifc',
    parts.map((_, i) => ({ name: `e${i}`, properties: {} })),
    parts.map((p, i) => ({ ...p, element: i })),
  );

/** Signed area (m², counter-clockwise positive) of a lon/lat ring, measured in the GK zone. */
function areaM2(ring: Float64Array): number {
  const xy: number[][] = [];
  for (let i = 0; i < ring.length; i += 2) xy.push(proj4('WGS84', GK_114, [ring[i], ring[i + 1]]));
  let a = 0;
  for (let i = 0; i + 1 < xy.length; i++) a += xy[i][0] * xy[i + 1][1] - xy[i + 1][0] * xy[i][1];
  return a / 2;
}

describe('modelFootprint', () => {
  const lShape = of(boxPart(0, 0, [0, 0, 0], [20, 10, 5]), boxPart(0, 0, [0, 10, 0], [10, 20, 8]));

  it('outlines an L-shaped model within a cell per metre of outline, counter-clockwise; the preview hull fills the notch', () => {
    const placed = placeModel(lShape, at);
    const fp = modelFootprint(lShape, placed);
    expect(fp.ringsLonLatDeg).toHaveLength(1);
    const ring = fp.ringsLonLatDeg[0];
    expect(ring.length).toBeLessThan(40);
    expect(Math.abs(areaM2(ring) - 300)).toBeLessThan(80 * fp.cellM);
    expect(areaM2(convexHullForLivePreview(planHull(lShape), placed))).toBeCloseTo(350, 0);
  });

  it('gives separate buildings separate rings and fills a courtyard', () => {
    const two = of(boxPart(0, 0, [0, 0, 0], [10, 10, 5]), boxPart(0, 0, [30, 0, 0], [40, 10, 5]));
    expect(modelFootprint(two, placeModel(two, at)).ringsLonLatDeg).toHaveLength(2);
    const yard = of(
      boxPart(0, 0, [0, 0, 0], [20, 1, 5]),
      boxPart(0, 0, [0, 19, 0], [20, 20, 5]),
      boxPart(0, 0, [0, 1, 0], [1, 19, 5]),
      boxPart(0, 0, [19, 1, 0], [20, 19, 5]),
    );
    const fp = modelFootprint(yard, placeModel(yard, at));
    expect(fp.ringsLonLatDeg).toHaveLength(1);
    expect(Math.abs(areaM2(fp.ringsLonLatDeg[0]) - 400)).toBeLessThan(80 * fp.cellM);
  });

  it('keeps a wall of no thickness (its triangles have no area from above)', () => {
    const wall: ModelPart = {
      element: 0,
      material: 0,
      positions: Float32Array.of(0, 0, 0, 10, 0, 0, 10, 0, 3, 0, 0, 3),
      indices: Uint32Array.of(0, 1, 2, 0, 2, 3),
    };
    const m = of(wall);
    const fp = modelFootprint(m, placeModel(m, at), 0.1);
    expect(fp.ringsLonLatDeg).toHaveLength(1);
    expect(areaM2(fp.ringsLonLatDeg[0])).toBeGreaterThan(0.9);
  });

  it('bounds every vertex in the region', () => {
    const r = modelRegion(lShape, placeModel(lShape, at));
    const [lon0, lat0] = proj4(GK_114, 'WGS84', [at.x, at.y]);
    const [lon1, lat1] = proj4(GK_114, 'WGS84', [at.x + 20, at.y + 20]);
    expect(r[0]).toBeCloseTo(lon0, 7);
    expect(r[1]).toBeCloseTo(lat0, 7);
    expect(r[2]).toBeCloseTo(lon1, 7);
    expect(r[3]).toBeCloseTo(lat1, 7);
    expect(r[4]).toBeCloseTo(30, 3);
    expect(r[5]).toBeGreaterThan(37.99);
  });
});

describe('placementFromGeoref', () => {
  it("places by the file's map conversion: origin at the eastings/northings, turned and scaled", () => {
    const georef = {
      crs: 'EPSG:4547',
      eastingM: 500_200,
      northingM: 3_380_400,
      heightM: 30,
      rotationDeg: 90,
      scale: 0.5,
      source: 'IfcMapConversion #12',
    };
    const placed = placeModel({ file: 'a.ifc' }, placementFromGeoref('a.ifc', georef));
    const g = placed.toLonLatHeight(Float64Array.of(10, 0, 2));
    const [lon, lat] = proj4(GK_114, 'WGS84', [500_200, 3_380_405]);
    expect(g[0]).toBeCloseTo(lon, 8);
    expect(g[1]).toBeCloseTo(lat, 8);
    expect(g[2]).toBeCloseTo(31, 3);
  });

  it('accepts the CRS by its EPSG name and refuses one it does not know, naming the file and the source', () => {
    const georef = {
      crs: 'CGCS2000 / 3-degree Gauss-Kruger CM 114E',
      eastingM: 1,
      northingM: 2,
      heightM: 0,
      rotationDeg: 0,
      scale: 1,
      source: 'IfcMapConversion #7',
    };
    expect(placementFromGeoref('b.ifc', georef).crs).toBe('EPSG:4547');
    expect(() => placementFromGeoref('b.ifc', { ...georef, crs: 'EPSG:32650' })).toThrow(ModelError);
    expect(() => placementFromGeoref('b.ifc', { ...georef, crs: 'EPSG:32650' })).toThrow(
      /^b\.ifc: its georeferencing \(IfcMapConversion #7\) names the CRS "EPSG:32650"/,
    );
  });

  it('refuses a scale of 0 and a coordinate that is not a number', () => {
    expect(() => placeModel({ file: 'c.ifc' }, { ...at, scale: 0 })).toThrow(/^c\.ifc: the placement's scale is 0/);
    expect(() => placeModel({ file: 'c.ifc' }, { ...at, x: NaN })).toThrow(/^c\.ifc: the placement's x is NaN/);
  });
});
