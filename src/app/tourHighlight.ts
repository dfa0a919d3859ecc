// The rings a tour's highlight names: a grid from the loaded grids, a parcel from the city's parcels file (fetched once).
import type { PackedPolygons } from '../core/geom/packed';
import type { LoadedCity } from './loadCity';

/** Outer rings (lon,lat,…) of feature `index`. */
function outerRings(p: PackedPolygons, index: number): Float64Array[] {
  const rings: Float64Array[] = [];
  for (let poly = p.featurePolyStart[index]; poly < p.featurePolyStart[index + 1]; poly++) {
    const ring = p.polyRingStart[poly];
    rings.push(p.coords.slice(2 * p.ringStart[ring], 2 * p.ringStart[ring + 1]));
  }
  return rings;
}

export function createHighlightResolver(city: () => LoadedCity | null, parcelsUrl: () => string | null) {
  let parcels: Promise<Map<string, Float64Array[]>> | null = null;
  const loadParcels = async (): Promise<Map<string, Float64Array[]>> => {
    const url = parcelsUrl();
    const byId = new Map<string, Float64Array[]>();
    if (!url || !/\.geojson$/.test(url)) return byId;
    const json = (await (await fetch(url)).json()) as {
      features: { properties: { id: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
    };
    for (const f of json.features) {
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
      byId.set(
        String(f.properties.id),
        polys.map((p) => Float64Array.from(p[0].flat())),
      );
    }
    return byId;
  };
  return async (h: { grid?: string; parcel?: string } | null): Promise<Float64Array[] | null> => {
    if (!h) return null;
    const out: Float64Array[] = [];
    const grids = city()?.grids.polygons;
    const g = h.grid && grids ? grids.ids.indexOf(h.grid) : -1;
    if (g >= 0) out.push(...outerRings(grids!, g));
    if (h.parcel) {
      parcels ??= loadParcels().catch((err: Error) => {
        console.warn('[cim] tour highlight: parcels unavailable:', err.message);
        return new Map();
      });
      out.push(...((await parcels).get(h.parcel) ?? []));
    }
    return out;
  };
}
