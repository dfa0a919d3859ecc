// The CRS a layer is read in, decided by core/crs's one rule (resolveFileCrs: the user's choice, else the file's
// declaration, else plain lon/lat degrees in China; always checked against the layer's extent), and how its
// coordinates reach CGCS2000 lon/lat: core/crs in JS for every CRS the project knows (the same transforms, datum
// shifts and GCJ-02 formula as the rest of the project; CGCS2000 3° GK zones by the fast inverse GK), GDAL (PROJ) only
// for a CRS GDAL reads but the project does not know.
import type { BboxXY, CoordinateReading } from '../../core/crs/areaOfUse';
import type { KnownCrs } from '../../core/crs/known';
import { resolveFileCrs } from '../../core/crs/resolve';
import type { LayerDescription } from './readSource';

/** How a layer's coordinates are brought to CGCS2000 lon/lat. */
export type LonLatStep =
  { kind: 'none' } | { kind: 'gk3'; zone: number; zoneInEasting: boolean } | { kind: 'core'; from: string } | { kind: 'gdal' };

export type LayerCrs =
  | {
      ok: true;
      /** The recognised CRS; null when only GDAL knows it (read by GDAL as declared). */
      crs: KnownCrs | null;
      step: LonLatStep;
      warnings: string[];
    }
  | { ok: false; message: string; reading: CoordinateReading | null };

const LON_LAT = new Set(['EPSG:4490', 'EPSG:4326']);

function stepFor(crs: KnownCrs): LonLatStep {
  if (LON_LAT.has(crs.code)) return { kind: 'none' };
  // Same datum, no shift: the inverse GK of core/crs (8x faster than PROJ in WebAssembly, 4 µs a point).
  if (crs.kind === 'gk3' && crs.datum === 'CGCS2000' && crs.zone !== null)
    return { kind: 'gk3', zone: crs.zone, zoneInEasting: crs.zoneInEasting };
  return { kind: 'core', from: crs.code };
}

/** Decides and checks a layer's CRS; `file` names it in messages, `chosen` is a code or WKT given by the user. */
export function layerCrs(layer: LayerDescription, file: string, chosen?: string): LayerCrs {
  const name = `${file}${layer.name && !file.endsWith(layer.name) ? ` (${layer.name})` : ''}`;
  const bbox: BboxXY | null = layer.extent;
  const declared = layer.crs?.wkt || layer.crs?.epsg || null;
  const r = resolveFileCrs({ file: name, declared, chosen: chosen ?? null, bbox });
  if (r.ok) return { ok: true, crs: r.crs, step: stepFor(r.crs), warnings: r.warnings };
  // A declaration the project does not know (not a misfit): GDAL reads any CRS it can parse, so it reprojects.
  if (!chosen && declared && r.reading === null)
    return { ok: true, crs: null, step: { kind: 'gdal' }, warnings: [`${r.message}; reprojected by GDAL as declared`] };
  return r;
}
