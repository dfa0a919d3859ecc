// The river (west to east across the city) and the CBD lake: land-use polygons and blue control lines.
import type { CityFrame } from './frame';
import { planToLonLat } from './emitGrid';
import type { Parcel } from './parcels';
import type { FeatureSink } from './sink';
import { riverY, type CitySites } from './sites';

/** Plan points of one river bank (side -1 south, +1 north), every stepM of x across the city. */
export function riverBankPlan(sites: CitySites, side: -1 | 1, stepM: number): number[] {
  const out: number[] = [];
  const n = Math.ceil(sites.widthM / stepM);
  for (let i = 0; i <= n; i++) {
    const x = Math.min(sites.widthM, i * stepM);
    out.push(x, riverY(sites, x) + side * sites.river.halfWidthM);
  }
  return out;
}

/** Counter-clockwise plan ring of an ellipse inscribed in the lake parcel. */
export function lakePlanRing(p: Parcel, segments = 48): number[] {
  const cx = (p.x0 + p.x1) / 2;
  const cy = (p.y0 + p.y1) / 2;
  const rx = 0.32 * (p.x1 - p.x0);
  const ry = 0.32 * (p.y1 - p.y0);
  const out: number[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = ((i % segments) / segments) * 2 * Math.PI;
    out.push(Math.round((cx + rx * Math.cos(t)) * 100) / 100, Math.round((cy + ry * Math.sin(t)) * 100) / 100);
  }
  return out;
}

export function emitWater(
  frame: CityFrame,
  sites: CitySites,
  lake: Parcel | undefined,
  stepM: number,
  landUse: FeatureSink,
  controlLines: FeatureSink,
  nextLineId: () => string,
): void {
  const south = riverBankPlan(sites, -1, stepM);
  const north = riverBankPlan(sites, 1, stepM);
  const ring = [...south];
  for (let i = north.length - 2; i >= 0; i -= 2) ring.push(north[i], north[i + 1]);
  ring.push(south[0], south[1]);
  const ringLonLat = planToLonLat(frame, ring);
  landUse.add({ type: 'Polygon', coords: ringLonLat, ringEnds: [ringLonLat.length / 2] }, { id: 'LU-RIVER', code: '17', name: '贾鲁河' });
  controlLines.add(
    { type: 'LineString', coords: planToLonLat(frame, south) },
    { id: nextLineId(), kind: 'blue', name: '贾鲁河南岸蓝线', refId: 'LU-RIVER' },
  );
  controlLines.add(
    { type: 'LineString', coords: planToLonLat(frame, north) },
    { id: nextLineId(), kind: 'blue', name: '贾鲁河北岸蓝线', refId: 'LU-RIVER' },
  );
  if (lake) {
    const shore = planToLonLat(frame, lakePlanRing(lake));
    landUse.add({ type: 'Polygon', coords: shore, ringEnds: [shore.length / 2] }, { id: 'LU-LAKE', code: '17', name: '如意湖' });
    controlLines.add({ type: 'LineString', coords: shore }, { id: nextLineId(), kind: 'blue', name: '如意湖蓝线', refId: 'LU-LAKE' });
  }
}
