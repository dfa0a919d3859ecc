// The planning worker's sources from parsed features: parcels, greens, control lines, height zones and land-use
// versions packed as CityPlan takes them (lon/lat), shared with the tests that review a parcel the viewer's way.
import type { PlanSources } from '../src/core/planning/cityPlan';
import type { GeoJsonFeature } from '../src/io/featureFile';
import { numberColumn, packLines, packPolygons, ringsAsLines, stringColumn, type FeatureProblem } from '../src/io/packGeoJson';

export interface PlanFeatures {
  parcels: GeoJsonFeature[];
  greenSpaces: GeoJsonFeature[];
  controlLines: GeoJsonFeature[];
  heightLimits: GeoJsonFeature[];
  /** Land-use plan versions by id, with the file each came from (named in problems). */
  landUse: { id: string; file: string; features: GeoJsonFeature[] }[];
}

/** `files` names each layer's file in problems: the features skipped (a zero-area parcel by its id, …), for the page to list. */
export function planSourcesFromFeatures(
  f: PlanFeatures,
  files: { parcels: string; greenSpaces: string; controlLines: string; heightLimits: string },
): PlanSources & { problems: FeatureProblem[] } {
  const parcels = packPolygons(f.parcels, files.parcels);
  const greens = packPolygons(f.greenSpaces, files.greenSpaces);
  const lines = packLines(f.controlLines.map(ringsAsLines), files.controlLines);
  const zones = packPolygons(f.heightLimits, files.heightLimits);
  const landUse: PlanSources['landUse'] = new Map();
  const problems = [...parcels.problems, ...greens.problems, ...lines.problems, ...zones.problems];
  for (const v of f.landUse) {
    const p = packPolygons(v.features, v.file);
    problems.push(...p.problems);
    landUse.set(v.id, { polygons: p.packed, codes: stringColumn(v.features, p.sourceIndex, 'code').map((c) => c ?? '') });
  }
  return {
    parcels: parcels.packed,
    parcelLandUse: stringColumn(f.parcels, parcels.sourceIndex, 'landUse').map((c) => c ?? ''),
    parcelConditions: Array.from(parcels.sourceIndex, (i) => f.parcels[i].properties?.conditions),
    greens: greens.packed,
    lines: lines.packed,
    lineKind: stringColumn(f.controlLines, lines.sourceIndex, 'kind').map((k) => k ?? ''),
    lineName: stringColumn(f.controlLines, lines.sourceIndex, 'name').map((n) => n ?? ''),
    lineRefId: stringColumn(f.controlLines, lines.sourceIndex, 'refId'),
    zones: zones.packed,
    zoneName: stringColumn(f.heightLimits, zones.sourceIndex, 'name').map((n) => n ?? ''),
    zoneMaxHeightM: numberColumn(f.heightLimits, zones.sourceIndex, 'maxHeightM'),
    landUse,
    problems,
  };
}
