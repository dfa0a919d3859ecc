// Grid -> GeoJSON with all three levels (L1/L2 geometry derived from their cells), in the input CRS,
// so a grid exported from the browser imports back to the same topology.
import { transformFlat } from '../crs/transform';
import type { GridFeatureCollection, GridFeatureLike } from './gridFeatures';
import { cellPolygons, type Grid, type GridCell } from './gridModel';
import { isLonLatCrs } from '../crs/codes';
import { unionRings } from './unionRings';

/** Outer rings and holes (node ids) of every L1 and L2 grid: the union of the L3 cells under it. */
export function areaRingsById(grid: Grid): Map<string, Int32Array[]> {
  const under = new Map<string, Int32Array[]>();
  const push = (id: string | null | undefined, rings: readonly Int32Array[]) => {
    if (!id) return;
    const list = under.get(id);
    if (list) list.push(...rings);
    else under.set(id, [...rings]);
  };
  const l1Of = new Map(grid.areas.filter((a) => a.level === 2).map((a) => [a.id, a.parentId]));
  for (const c of grid.cells) {
    if (!c.parentId || !l1Of.has(c.parentId)) continue;
    push(c.parentId, c.rings);
    push(l1Of.get(c.parentId), c.rings);
  }
  const out = new Map<string, Int32Array[]>();
  for (const a of grid.areas) out.set(a.id, unionRings(grid.nodeXY, under.get(a.id) ?? []).rings);
  return out;
}

export function gridToGeoJson(grid: Grid): GridFeatureCollection {
  const { frame } = grid;
  const same = frame.crs === frame.sourceCrs;
  const out = same
    ? grid.nodeXY
    : (transformFlat(frame.crs, frame.sourceCrs, grid.nodeXY, new Float64Array(grid.nodeXY.length)) as Float64Array);
  // About 0.1 mm either way: short files, and shared nodes stay bit-identical so re-import snaps nothing new.
  const k = isLonLatCrs(frame.sourceCrs) ? 1e9 : 1e4;
  const position = (v: number) => [Math.round(out[v * 2] * k) / k, Math.round(out[v * 2 + 1] * k) / k];
  const geometry = (pseudo: GridCell): GridFeatureLike['geometry'] => {
    const polys = cellPolygons(grid.nodeXY, pseudo).map((p) =>
      p.map((r) => {
        const ring = Array.from(pseudo.rings[r], position);
        ring.push(ring[0]);
        return ring;
      }),
    );
    if (polys.length === 0) return null;
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  };
  const feature = (
    id: string,
    level: number,
    parentId: string | null,
    name: string,
    props: Readonly<Record<string, unknown>> | undefined,
    rings: readonly Int32Array[],
  ): GridFeatureLike => ({
    type: 'Feature',
    properties: { id, level, parentId, name, ...props },
    geometry: geometry({ id, name, parentId, rings }),
  });
  const areaRings = areaRingsById(grid);
  return {
    type: 'FeatureCollection',
    features: [
      ...grid.areas.map((a) => feature(a.id, a.level, a.parentId, a.name, a.props, areaRings.get(a.id)!)),
      ...grid.cells.map((c) => feature(c.id, 3, c.parentId, c.name, c.props, c.rings)),
    ],
  };
}
