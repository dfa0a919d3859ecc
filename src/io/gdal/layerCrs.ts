// The CRS a layer is read in: the one the user gave (--crs, the dialog), else the file's own (recognised by
// core/crs), else a guess from the coordinates; checked against the layer's extent before any reprojection.
import { checkCrsFit, guessMissingCrs, type BboxXY } from '../../core/crs/areaOfUse';
import type { KnownCrs } from '../../core/crs/known';
import { recogniseCrs } from '../../core/crs/recognise';
import type { LayerDescription } from './readSource';

export type LayerCrs =
  | {
      ok: true;
      /** The recognised CRS; null when GDAL knows the file's CRS but the project does not (read by GDAL as declared). */
      crs: KnownCrs | null;
      /** What to give GDAL as the source CRS (-s_srs), when it is not the file's own declaration. */
      gdalSourceCrs?: string;
      /** GCJ-02 lon/lat: read as WGS84 by GDAL, then shifted by core/crs/gcj02 (approximate). */
      gcj02: boolean;
      /**
       * A CGCS2000 3° GK zone: unprojected to lon/lat by core/crs in JS (same datum, no shift), about 8x faster than
       * PROJ in WebAssembly; every other CRS is reprojected by GDAL.
       */
      gk3?: { zone: number; zoneInEasting: boolean };
      warnings: string[];
    }
  | { ok: false; message: string };

/** Decides and checks a layer's CRS; `file` names it in messages, `override` is a code or WKT given by the user. */
export function layerCrs(layer: LayerDescription, file: string, override?: string): LayerCrs {
  const name = `${file}${layer.name && !file.endsWith(layer.name) ? ` (${layer.name})` : ''}`;
  const bbox: BboxXY | null = layer.extent;
  const declared = override ?? layer.crs?.epsg ?? layer.crs?.wkt;
  if (!declared) {
    const guess = guessMissingCrs(bbox, name);
    if (!guess.crs) return { ok: false, message: guess.message };
    return { ok: true, crs: guess.crs, gdalSourceCrs: guess.crs.code, gcj02: false, warnings: [guess.message] };
  }
  const r = recogniseCrs(declared);
  if (!r.ok) {
    // GDAL reads any CRS it can parse; the project only knows China's: say so and let GDAL reproject.
    if (!override && layer.crs)
      return { ok: true, crs: null, gcj02: false, warnings: [`${name}: ${r.reason}; reprojected by GDAL as declared`] };
    return { ok: false, message: `${name}: ${r.reason}` };
  }
  const fit = checkCrsFit(bbox, r.crs, name);
  if (!fit.fits) return { ok: false, message: fit.message! };
  const gcj02 = r.crs.datum === 'GCJ02';
  const warnings = r.crs.approximate ? [`${name}: ${r.crs.code} reaches CGCS2000 through an approximate datum shift (PROJ's)`] : [];
  const gk3 =
    r.crs.kind === 'gk3' && r.crs.datum === 'CGCS2000' && r.crs.zone !== null
      ? { zone: r.crs.zone, zoneInEasting: r.crs.zoneInEasting }
      : undefined;
  return { ok: true, crs: r.crs, gdalSourceCrs: gcj02 ? 'EPSG:4326' : override ? r.crs.code : undefined, gcj02, gk3, warnings };
}
