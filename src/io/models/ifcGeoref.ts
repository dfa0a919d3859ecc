// The georeferencing an IFC file declares: IfcMapConversion + IfcProjectedCRS (IFC4) as ModelGeoref; IfcSite's
// RefLatitude/RefLongitude only as a warning (a point on the globe, no frame: the user places the model).
import { IFCMAPCONVERSION, IFCSITE, type IfcAPI } from 'web-ifc';
import type { ModelGeoref } from '../../core/models/model';
import { compoundAngleDeg, type IfcLine, numberOf, refOf, textOf, unitOf } from './ifcValues';

/**
 * IFC4: a model point (file units) lands at E = Eastings + Scale·(x cosθ − y sinθ) in the map's unit, so Scale
 * carries the unit change (0.001 for a millimetre model on a metre map). ModelGeoref's scale is between metres,
 * so it is Scale · mapMetresPerUnit / metresPerUnit. A Scale of 1 where units differ is what many exporters write
 * meaning "no scale": read so, with a warning.
 */
export function readGeoref(api: IfcAPI, modelID: number, metresPerUnit: number, warnings: string[]): ModelGeoref | undefined {
  const ids = api.GetLineIDsWithType(modelID, IFCMAPCONVERSION);
  if (ids.size() === 0) {
    siteWarning(api, modelID, metresPerUnit, warnings);
    return undefined;
  }
  const id = ids.get(0);
  const mc = api.GetLine(modelID, id) as IfcLine;
  const crsId = refOf(mc.TargetCRS);
  const crsLine = crsId === undefined ? undefined : (api.GetLine(modelID, crsId) as IfcLine);
  const crs = textOf(crsLine?.Name);
  const easting = numberOf(mc.Eastings);
  const northing = numberOf(mc.Northings);
  if (!crs || easting === undefined || northing === undefined) {
    warnings.push(`IfcMapConversion #${id} has no target CRS name or no eastings/northings: not georeferenced`);
    return undefined;
  }
  const mapUnitId = refOf(crsLine?.MapUnit);
  const mapUnit = mapUnitId === undefined ? undefined : unitOf(api, modelID, mapUnitId);
  const mapMetresPerUnit = mapUnit?.factor ?? 1;
  const fileScale = numberOf(mc.Scale) ?? 1;
  let scale = (fileScale * mapMetresPerUnit) / metresPerUnit;
  if (Math.abs(fileScale - 1) < 1e-9 && Math.abs(scale - 1) > 1e-9) {
    warnings.push(
      `IfcMapConversion #${id}: Scale 1 between model units (${metresPerUnit} m) and map units (${mapMetresPerUnit} m) read as no scale`,
    );
    scale = 1;
  } else if (scale < 0.5 || scale > 2) {
    warnings.push(`IfcMapConversion #${id}: scale ${scale} between model and map metres is implausible`);
  }
  const abscissa = numberOf(mc.XAxisAbscissa) ?? 1;
  const ordinate = numberOf(mc.XAxisOrdinate) ?? 0;
  return {
    crs,
    eastingM: easting * mapMetresPerUnit,
    northingM: northing * mapMetresPerUnit,
    heightM: (numberOf(mc.OrthogonalHeight) ?? 0) * mapMetresPerUnit,
    rotationDeg: (Math.atan2(ordinate, abscissa) * 180) / Math.PI,
    scale,
    source: `IfcMapConversion #${id}` + (mapUnit ? '' : ' (IfcProjectedCRS has no MapUnit: metres)'),
  };
}

/** IfcSite's reference point, named in a warning when the file has no IfcMapConversion. */
function siteWarning(api: IfcAPI, modelID: number, metresPerUnit: number, warnings: string[]): void {
  const sites = api.GetLineIDsWithType(modelID, IFCSITE);
  if (sites.size() === 0) return;
  const site = api.GetLine(modelID, sites.get(0)) as IfcLine;
  const lat = compoundAngleDeg(site.RefLatitude);
  const lon = compoundAngleDeg(site.RefLongitude);
  if (lat === undefined || lon === undefined) return;
  const h = numberOf(site.RefElevation);
  const height = h === undefined ? '' : `, elevation ${(h * metresPerUnit).toFixed(2)} m`;
  warnings.push(
    `no IfcMapConversion; IfcSite gives latitude ${lat.toFixed(6)}°, longitude ${lon.toFixed(6)}°${height} ` +
      'without a direction or a model point: place the model by hand',
  );
}
