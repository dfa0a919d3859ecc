// Where a model lands on the earth: model-frame metres -> lon/lat/height, per vertex and exactly.
//
// A model point p is taken relative to the anchor, scaled, turned counter-clockwise about the vertical by rotationDeg:
// d = scale · Rz(θ) · (p − anchor). In a projected CRS (a GK zone) the grid point (x + dx, y + dy) goes through the
// projection's inverse, so meridian convergence and the projection's scale act on every vertex as they do on the
// city's own data; in a lon/lat CRS (x = lon, y = lat) d is an east-north-up offset in metres at the anchor.
// Heights: heightM + dz above the ellipsoid, as the city's terrain uses it. The model's ENU frame sits at the anchor;
// tiles take their own frames from it by rigid transforms (exact: ENU frames differ by a rotation and a shift).
import { CGCS2000 } from '../crs/codes';
import { knownCrs, listKnownCrs, KNOWN_CRS_SUMMARY, type KnownCrs } from '../crs/known';
import { transformFlat, transformPoint } from '../crs/transform';
import { DEG, enuFrame, M_PER_DEG, type EnuFrame } from '../tiles/enu';
import type { TileOrigin } from '../tiles/mesh';
import { enuToGeodetic } from './geodetic';
import { ModelError, type ModelData, type ModelGeoref, type ModelPlacement } from './model';

export interface PlaceOptions {
  /** The city's bounds, west, south, east, north degrees: a model anchored farther than maxDistanceKm from them is refused. */
  cityBoundsDeg?: readonly [number, number, number, number];
  /** Default 50 km. */
  maxDistanceKm?: number;
}

export interface PlacedModel {
  file: string;
  /** Where the anchor lands: the origin of `frame`. */
  origin: TileOrigin;
  /** The model's east-north-up frame at the anchor. */
  frame: EnuFrame;
  /** Model-frame x, y, z metres (flat) -> east, north, up metres in `frame`, written to `out` (flat). */
  toEnu(positions: ArrayLike<number>, out: Float32Array | Float64Array): void;
  /** Model-frame x, y, z metres (flat) -> lon, lat degrees and height metres (flat). */
  toLonLatHeight(positions: ArrayLike<number>, out?: Float64Array): Float64Array;
  /**
   * 3×3 column-major: a model-frame direction -> its ENU direction at the anchor (scale · rotation · the projection's
   * local turn). A similarity, so normals map by it too (then normalised).
   */
  directionMatrix: Float64Array;
}

/** The placement a file's own georeferencing declares (IfcMapConversion or a glTF sidecar): its anchor is the origin. */
export function placementFromGeoref(file: string, georef: ModelGeoref): ModelPlacement {
  const crs = resolveCrs(file, georef.crs, `its georeferencing (${georef.source})`);
  return {
    crs: crs.code,
    x: georef.eastingM,
    y: georef.northingM,
    heightM: georef.heightM,
    rotationDeg: georef.rotationDeg,
    scale: georef.scale,
    anchor: [0, 0, 0],
  };
}

function resolveCrs(file: string, code: string, where: string): KnownCrs {
  const byName = code.trim().toLowerCase();
  const crs = knownCrs(code) ?? listKnownCrs().find((c) => c.name.toLowerCase() === byName) ?? null;
  if (!crs) throw new ModelError(file, `${where} names the CRS "${code}", which is not one the viewer knows (${KNOWN_CRS_SUMMARY})`);
  if (crs.kind === 'webMercator')
    throw new ModelError(file, `${where} is in Web Mercator, whose metres are not ground metres: place it in a GK zone or in lon/lat`);
  return crs;
}

/** The model placed: the mapping of its points to the earth. Refuses bad numbers and (given the city's bounds) a far placement. */
export function placeModel(model: Pick<ModelData, 'file'>, placement: ModelPlacement, options: PlaceOptions = {}): PlacedModel {
  const file = model.file;
  const { x, y, heightM, rotationDeg, scale } = placement;
  const anchor = placement.anchor ?? [0, 0, 0];
  for (const [name, v] of Object.entries({ x, y, heightM, rotationDeg, scale, anchorX: anchor[0], anchorY: anchor[1], anchorZ: anchor[2] }))
    if (!Number.isFinite(v)) throw new ModelError(file, `the placement's ${name} is ${v}, not a number`);
  if (!(scale > 0)) throw new ModelError(file, `the placement's scale is ${scale}; it must be above 0`);
  const crs = resolveCrs(file, placement.crs, 'the placement');
  const geographic = crs.kind === 'geographic';
  const anchorLonLat = transformPoint(crs.code, CGCS2000, [x, y]) as number[];
  if (!anchorLonLat.every(Number.isFinite) || Math.abs(anchorLonLat[1]) > 90)
    throw new ModelError(file, `the placement (${x}, ${y}) in ${crs.code} is not a place on the earth`);
  const origin: TileOrigin = { lonDeg: anchorLonLat[0], latDeg: anchorLonLat[1], heightM };
  if (options.cityBoundsDeg) checkNearCity(file, origin, options.cityBoundsDeg, options.maxDistanceKm ?? 50);
  const frame = enuFrame(origin);
  const cos = Math.cos(rotationDeg * DEG) * scale,
    sin = Math.sin(rotationDeg * DEG) * scale;
  const [ax, ay, az] = anchor;

  const grid = new Float64Array(2 * 4096);
  const toEnu = (positions: ArrayLike<number>, out: Float32Array | Float64Array): void => {
    const n = positions.length / 3;
    if (geographic) {
      for (let v = 0; v < n; v++) {
        const dx = positions[3 * v] - ax,
          dy = positions[3 * v + 1] - ay;
        out[3 * v] = cos * dx - sin * dy;
        out[3 * v + 1] = sin * dx + cos * dy;
        out[3 * v + 2] = scale * (positions[3 * v + 2] - az);
      }
      return;
    }
    // Grid metres -> lon/lat through the projection's inverse, a block at a time, then into the anchor's ENU frame.
    for (let start = 0; start < n; start += 4096) {
      const end = Math.min(n, start + 4096);
      for (let v = start; v < end; v++) {
        const dx = positions[3 * v] - ax,
          dy = positions[3 * v + 1] - ay;
        grid[2 * (v - start)] = x + cos * dx - sin * dy;
        grid[2 * (v - start) + 1] = y + sin * dx + cos * dy;
      }
      const block = grid.subarray(0, 2 * (end - start));
      transformFlat(crs.code, CGCS2000, block, block);
      for (let v = start; v < end; v++)
        frame.toEnu(block[2 * (v - start)], block[2 * (v - start) + 1], heightM + scale * (positions[3 * v + 2] - az), out, 3 * v);
    }
  };

  const toLonLatHeight = (positions: ArrayLike<number>, out = new Float64Array(positions.length)): Float64Array => {
    const enu = new Float64Array(positions.length);
    toEnu(positions, enu);
    for (let v = 0; v < positions.length / 3; v++) enuToGeodetic(frame.enuToEcef, enu[3 * v], enu[3 * v + 1], enu[3 * v + 2], out, 3 * v);
    return out;
  };

  // The local linear part at the anchor by central differences (1 m steps: the projection is smooth at that scale).
  const probe = Float64Array.of(ax + 1, ay, az, ax - 1, ay, az, ax, ay + 1, az, ax, ay - 1, az, ax, ay, az + 1, ax, ay, az - 1);
  const enu = new Float64Array(18);
  toEnu(probe, enu);
  const directionMatrix = new Float64Array(9);
  for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) directionMatrix[3 * c + r] = 0.5 * (enu[6 * c + r] - enu[6 * c + 3 + r]);

  return { file, origin, frame, toEnu, toLonLatHeight, directionMatrix };
}

/** Refuses a model anchored more than maxKm from the city's bounds (a wrong CRS or swapped coordinates, usually). */
export function checkNearCity(file: string, at: TileOrigin, boundsDeg: readonly [number, number, number, number], maxKm: number): void {
  const [w, s, e, n] = boundsDeg;
  const dLon = at.lonDeg < w ? w - at.lonDeg : at.lonDeg > e ? at.lonDeg - e : 0;
  const dLat = at.latDeg < s ? s - at.latDeg : at.latDeg > n ? at.latDeg - n : 0;
  const km = (Math.hypot(dLon * Math.cos(at.latDeg * DEG), dLat) * M_PER_DEG) / 1000;
  if (km > maxKm)
    throw new ModelError(
      file,
      `placed at ${at.lonDeg.toFixed(5)}°E, ${at.latDeg.toFixed(5)}°N it lies ${Math.round(km)} km from the city ` +
        `(${w.toFixed(3)}–${e.toFixed(3)}°E, ${s.toFixed(3)}–${n.toFixed(3)}°N): check the placement's CRS and coordinates`,
    );
}
