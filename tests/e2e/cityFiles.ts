// What the city-scale browser test knows of the city from its own files, computed here and not by the app's code: the
// grids by level, their typical size in metres, point in polygon, a point deep inside an L3 grid, the sensors' places.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CityFiles {
  manifest: {
    bboxLonLatDeg: [number, number, number, number];
    counts: { buildings: number; sensors: number };
    dem: { minM: number; maxM: number };
    files: { grids: string; sensors: string };
  };
  grids: Grid[];
  /** Thing id (String(@iot.id), as the page names Things) -> lon, lat. */
  sensors: Map<string, [number, number]>;
  /** A ground height for projecting points (the DEM's middle height), metres. */
  groundM: number;
}

export interface Grid {
  id: string;
  level: number;
  /** Outer ring then holes of each polygon, [lon, lat] degrees. */
  polygons: number[][][][];
}

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export function readCityFiles(dir: string): CityFiles {
  const manifest = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as CityFiles['manifest'];
  const fc = JSON.parse(readFileSync(join(dir, manifest.files.grids), 'utf8')) as {
    features: { properties: { id: string; level: number }; geometry: Geometry }[];
  };
  const grids = fc.features.map((f) => ({
    id: String(f.properties.id),
    level: Number(f.properties.level),
    polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
  }));
  const things = (
    JSON.parse(readFileSync(join(dir, manifest.files.sensors), 'utf8')) as {
      Things: { '@iot.id': number | string; Locations: { location: { coordinates: number[] } }[] }[];
    }
  ).Things;
  const sensors = new Map(
    things.map((t) => [String(t['@iot.id']), t.Locations[0].location.coordinates.slice(0, 2) as [number, number]] as const),
  );
  return { manifest, grids, sensors, groundM: (manifest.dem.minM + manifest.dem.maxM) / 2 };
}

/** Metres per degree of longitude and latitude near `latDeg` (a local equirectangular frame is enough at a city's size). */
function metresPerDeg(latDeg: number): [number, number] {
  return [111_320 * Math.cos((latDeg * Math.PI) / 180), 110_574];
}

/** Even-odd point in polygon over every ring (holes included). */
export function gridContains(grid: Grid, [x, y]: [number, number]): boolean {
  return grid.polygons.some((rings) => {
    let inside = false;
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    return inside;
  });
}

/** √(width × height) of a grid's bounding box, metres. */
function sizeM(grid: Grid): number {
  const pts = grid.polygons.flatMap((rings) => rings[0]);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [mx, my] = metresPerDeg((Math.min(...ys) + Math.max(...ys)) / 2);
  return Math.sqrt((Math.max(...xs) - Math.min(...xs)) * mx * (Math.max(...ys) - Math.min(...ys)) * my);
}

/** The median size (metres) of each level's grids. */
export function medianSizeM(grids: Grid[], level: number): number {
  const sizes = grids
    .filter((g) => g.level === level)
    .map(sizeM)
    .sort((a, b) => a - b);
  return sizes[sizes.length >> 1];
}

/** Distance (metres) from a point to a grid's boundary. */
function boundaryDistanceM(grid: Grid, [x, y]: [number, number]): number {
  const [mx, my] = metresPerDeg(y);
  let best = Infinity;
  for (const rings of grid.polygons)
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++) {
        const [ax, ay] = [(ring[i - 1][0] - x) * mx, (ring[i - 1][1] - y) * my];
        const [bx, by] = [(ring[i][0] - x) * mx, (ring[i][1] - y) * my];
        const [dx, dy] = [bx - ax, by - ay];
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
  return best;
}

/**
 * A point well inside both its L3 and its L1 grid (so a click a few pixels off still lands in them): among the L3
 * grids' vertex centroids, the one farthest inside both, each distance relative to its level's typical size.
 */
export function deepInsidePoint(grids: Grid[]): [number, number] {
  const l1 = grids.filter((g) => g.level === 1);
  const [size1, size3] = [medianSizeM(grids, 1), medianSizeM(grids, 3)];
  let best: { at: [number, number]; score: number } = { at: [NaN, NaN], score: -Infinity };
  for (const g of grids) {
    if (g.level !== 3) continue;
    const ring = g.polygons[0][0];
    const at: [number, number] = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    const parent = l1.find((p) => gridContains(p, at));
    if (!parent || !gridContains(g, at)) continue;
    const score = Math.min(boundaryDistanceM(g, at) / size3, boundaryDistanceM(parent, at) / size1);
    if (score > best.score) best = { at, score };
  }
  return best.at;
}

/** Sensors per square metre over the city's bounding box. */
export function sensorsPerM2(city: CityFiles): number {
  const [w, s, e, n] = city.manifest.bboxLonLatDeg;
  const [mx, my] = metresPerDeg((s + n) / 2);
  return city.sensors.size / ((e - w) * mx * (n - s) * my);
}
