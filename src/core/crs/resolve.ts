// A file's CRS, decided once for the CLI and the import dialog: the user's choice, else what the file declares,
// else (no CRS at all) plain lon/lat degrees in China; always checked against the coordinates.
import { checkCrsFit, describeCrs, guessMissingCrs, type BboxXY, type CoordinateReading } from './areaOfUse';
import { datumShiftOf } from './defs';
import type { KnownCrs } from './known';
import { recogniseCrs } from './recognise';

export interface FileCrsInput {
  /** The file's name, for messages. */
  file: string;
  /** What the file declares: .prj text, WKT, an EPSG code, a GeoPackage srs definition; null or '' when nothing. */
  declared?: string | null;
  /** The user's choice (`--crs`, the dialog's CRS field): wins over the declaration. */
  chosen?: string | null;
  /** The coordinates' bbox in the file's own units; null when the file has none. */
  bbox: BboxXY | null;
  /** The city's longitude: picks the zone of GK metres without a zone number. */
  centreLonDeg?: number;
}

export type FileCrs =
  | {
      ok: true;
      crs: KnownCrs;
      /** 'chosen' by the user, 'declared' by the file, or 'assumed' (no CRS, lon/lat degrees in China). */
      how: 'chosen' | 'declared' | 'assumed';
      /** Things to show beside the layer: an assumed CRS, an approximate datum shift, a choice over a declaration. */
      warnings: string[];
    }
  | {
      ok: false;
      message: string;
      /** What the coordinates look like, when that is the trouble (the dialog offers `reading.crs`). */
      reading: CoordinateReading | null;
    };

/** The warning an approximate datum needs: Xi'an 1980 / Beijing 1954 without city parameters, GCJ-02. */
export function approximateWarning(crs: KnownCrs): string | null {
  if (!crs.approximate) return null;
  if (crs.datum === 'GCJ02')
    return 'GCJ-02 is shifted to CGCS2000 by the public formula (the official offsets are not published): approximate';
  if (datumShiftOf(crs.datum)) return null;
  return (
    `${crs.name}: no datum shift to CGCS2000 is set for this city, so latitude and longitude are kept (as PROJ does): ` +
    'positions may be tens of metres off until the city’s own 7 parameters are set'
  );
}

/** Decides and checks a file's CRS; the message of a refusal names the file, the CRS and what the coordinates look like. */
export function resolveFileCrs(input: FileCrsInput): FileCrs {
  const { file, bbox, centreLonDeg } = input;
  const chosen = input.chosen?.trim() ?? '';
  const declared = input.declared?.trim() ?? '';
  const warnings: string[] = [];
  let crs: KnownCrs;
  let how: 'chosen' | 'declared' | 'assumed';
  if (chosen !== '' || declared !== '') {
    const r = recogniseCrs(chosen !== '' ? chosen : declared);
    if (!r.ok) return { ok: false, message: `${file}: ${r.reason}`, reading: null };
    crs = r.crs;
    how = chosen !== '' ? 'chosen' : 'declared';
    if (r.declaredShift && !datumShiftOf(crs.datum)) {
      warnings.push(
        `${file}: declares a datum shift (TOWGS84 ${r.declaredShift.join(',')}) that is not applied: ` +
          'set it as the city’s datum shift if it is its surveying institute’s',
      );
    }
    if (how === 'chosen' && declared !== '') {
      const d = recogniseCrs(declared);
      if (!d.ok || d.crs.code !== crs.code)
        warnings.push(`${file}: declares ${d.ok ? d.crs.code : 'another CRS'}; ${crs.code} is used as chosen`);
    }
    const fit = checkCrsFit(bbox, crs, file, { centreLonDeg });
    if (!fit.fits) return { ok: false, message: fit.message!, reading: fit.reading };
  } else {
    const guess = guessMissingCrs(bbox, file, { centreLonDeg });
    if (!guess.crs) return { ok: false, message: guess.message, reading: guess.reading };
    crs = guess.crs;
    how = 'assumed';
    warnings.push(guess.message);
  }
  const approx = approximateWarning(crs);
  if (approx) warnings.push(`${file}: ${approx}`);
  return { ok: true, crs, how, warnings };
}

/** 'EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E (GK zone 38 metres)': a CRS for a dialog or a report. */
export function crsLabel(crs: KnownCrs): string {
  return `${crs.code} ${crs.name} (${describeCrs(crs)}${crs.approximate ? ', approximate' : ''})`;
}
