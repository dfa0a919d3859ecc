// A model's georeferencing from a sidecar next to it: "model.gltf.geo.json" or "model.geo.json", holding
// {crs, easting, northing, height, rotationDeg, scale} in the words of IfcMapConversion (see ModelGeoref).
import { ModelError, type ModelGeoref } from '../../core/models/model';
import type { ModelFiles } from './modelFiles';

/** The sidecar's georeferencing, undefined when no sidecar was dropped; a broken sidecar is a ModelError naming it. */
export function readGeoSidecar(files: ModelFiles): ModelGeoref | undefined {
  const stem = files.main.replace(/\.[^./\\]+$/, '');
  const file = files.find(`${files.main}.geo.json`) ?? files.find(`${stem}.geo.json`);
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (e) {
    throw new ModelError(file.name, `not JSON (${(e as Error).message})`);
  }
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  if (typeof o.crs !== 'string' || !o.crs) throw new ModelError(file.name, 'needs "crs", e.g. "EPSG:4547"');
  const num = (key: string, fallback?: number): number => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelError(file.name, `needs "${key}" as a number`);
    return v;
  };
  const scale = num('scale', 1);
  if (scale <= 0) throw new ModelError(file.name, '"scale" must be above 0');
  return {
    crs: o.crs,
    eastingM: num('easting'),
    northingM: num('northing'),
    heightM: num('height', 0),
    rotationDeg: num('rotationDeg', 0),
    scale,
    source: `sidecar ${file.name}`,
  };
}
