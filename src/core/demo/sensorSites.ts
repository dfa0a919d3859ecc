// Sensor candidate positions on roads (tunnels, street lights, bridges) and grid cells (air quality stations).
import type { RoadInfo } from './emitGrid';
import type { CityFrame } from './frame';
import { ROAD_WIDTH_M } from './grid';
import type { Parcel } from './parcels';
import type { SensorCandidate } from './sensors';
import { riverY, type CitySites } from './sites';

export function roadSensorCandidates(
  frame: CityFrame,
  sites: CitySites,
  roads: RoadInfo[],
): {
  utility_tunnel: SensorCandidate[];
  street_light: SensorCandidate[];
  bridge: SensorCandidate[];
} {
  const out = { utility_tunnel: [] as SensorCandidate[], street_light: [] as SensorCandidate[], bridge: [] as SensorCandidate[] };
  const ll = [0, 0];
  const at = (road: RoadInfo, x: number, y: number, depthM: number): SensorCandidate => {
    frame.toLonLat(x, y, ll);
    return { assetId: road.id, assetKind: 'road', lon: ll[0], lat: ll[1], depthM };
  };
  for (const road of roads) {
    const { line, points } = road;
    const edge = ROAD_WIDTH_M[line.cls] / 2 - 1.5;
    for (let i = 2; i < points.length; i += 2) {
      const ax = points[i - 2],
        ay = points[i - 1],
        bx = points[i],
        by = points[i + 1];
      if (line.cls === 1) out.utility_tunnel.push(at(road, (ax + bx) / 2, (ay + by) / 2, 4.5));
      const side = (i / 2) % 2 === 0 ? 1 : -1;
      const px = ax + (bx - ax) / 3 + (line.horizontal ? 0 : side * edge);
      const py = ay + (by - ay) / 3 + (line.horizontal ? side * edge : 0);
      out.street_light.push(at(road, px, py, -8));
    }
    // Bridges where the road crosses the river centreline.
    if (!line.horizontal) {
      const y = riverY(sites, line.c);
      if (y > line.a && y < line.b) out.bridge.push(at(road, line.c, y, 0));
    } else {
      let prev = riverY(sites, line.a) - line.c;
      for (let x = line.a + 10; x <= line.b; x += 10) {
        const cur = riverY(sites, x) - line.c;
        if (prev * cur < 0) out.bridge.push(at(road, x - 5, line.c, 0));
        prev = cur;
      }
    }
  }
  return out;
}

/** One air-quality station candidate per L3 cell, at the centre of its first built parcel. */
export function cellSensorCandidates(frame: CityFrame, parcels: Parcel[], l3Ids: string[]): SensorCandidate[] {
  const out: SensorCandidate[] = [];
  const seen = new Set<number>();
  const ll = [0, 0];
  for (const p of parcels) {
    if (seen.has(p.cell) || p.buildings === 0) continue;
    seen.add(p.cell);
    frame.toLonLat((p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2, ll);
    out.push({ assetId: l3Ids[p.cell], assetKind: 'grid', lon: ll[0], lat: ll[1], depthM: -3 });
  }
  return out;
}
