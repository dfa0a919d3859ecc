// How buildings can be coloured: by land use, by their grid, or by a numeric property on a colour
// ramp. Shared by the scene (3D Tiles style) and the legend, so both always agree.

export type RampProperty = 'heightM' | 'floors' | 'baseM';
export type BuildingStyle = 'use' | 'grid' | RampProperty;

export const BUILDING_STYLES: readonly BuildingStyle[] = ['use', 'heightM', 'floors', 'baseM', 'grid'];

export function isBuildingStyle(v: unknown): v is BuildingStyle {
  return typeof v === 'string' && (BUILDING_STYLES as readonly string[]).includes(v);
}

export interface Ramp {
  property: RampProperty;
  /** Values at the ramp's ends; values outside are clamped. */
  min: number;
  max: number;
  unit: string;
}

/** Ramp domains that suit a Chinese city (a 100 m tower is the top of the usual height-limit zones). */
export const RAMPS: Record<RampProperty, Ramp> = {
  heightM: { property: 'heightM', min: 0, max: 100, unit: 'm' },
  floors: { property: 'floors', min: 1, max: 33, unit: '' },
  baseM: { property: 'baseM', min: 60, max: 180, unit: 'm' },
};

/** Colour stops (perceptually ordered, dark blue to yellow, readable on imagery). */
const STOPS: readonly [number, number, number][] = [
  [49, 54, 149],
  [69, 117, 180],
  [116, 173, 209],
  [171, 217, 233],
  [254, 224, 144],
  [253, 174, 97],
  [244, 109, 67],
  [215, 48, 39],
];

/** RGB (0–255) of `value` on `ramp`; NaN (unknown) is grey. */
export function rampRgb(ramp: Ramp, value: number, out: number[] = [0, 0, 0]): number[] {
  if (!Number.isFinite(value)) {
    out[0] = out[1] = out[2] = 160;
    return out;
  }
  const t = Math.min(1, Math.max(0, (value - ramp.min) / (ramp.max - ramp.min))) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  for (let k = 0; k < 3; k++) out[k] = Math.round(STOPS[i][k] * (1 - f) + STOPS[i + 1][k] * f);
  return out;
}

/** CSS gradient of a ramp, for legends. */
export function rampCss(): string {
  return `linear-gradient(to right, ${STOPS.map((s) => `rgb(${s.join(',')})`).join(', ')})`;
}
