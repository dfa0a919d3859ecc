// Planning conditions (规划条件) of a parcel: derived from its approved design, checked against what was built.
import type { ConditionName, LineColour, PlanningConditions, Tolerances } from '../planning/types';
import type { ParcelMetrics } from './metrics';
import type { Rng } from '../util/random';

export type { ConditionName, PlanningConditions, Tolerances } from '../planning/types';

export const TOLERANCES: Tolerances = { far: 0.05, coverage: 0.01, greenRatio: 0.01, heightM: 1, setbackM: 0.5 };

const ceilTo = (v: number, step: number) => Math.round(Math.ceil(v / step - 1e-9) * step * 1000) / 1000;
const floorTo = (v: number, step: number) => Math.round(Math.floor(v / step + 1e-9) * step * 1000) / 1000;

/** Conditions the measured design meets with some slack; setbacks only for the colours that apply. */
export function deriveConditions(m: ParcelMetrics, rng: Rng): PlanningConditions {
  const setbacksM: Partial<Record<LineColour, number>> = {};
  for (const [colour, d] of Object.entries(m.setbacksM) as [LineColour, number][]) {
    if (Number.isFinite(d)) setbacksM[colour] = Math.max(0, floorTo(d - rng.range(0.6, 2), 0.5));
  }
  const built = m.footprintM2 > 0;
  return {
    farMin: floorTo(m.far * rng.range(0.5, 0.8), 0.1),
    farMax: built ? ceilTo(m.far * rng.range(1.05, 1.2) + 0.1, 0.1) : 0.1,
    coverageMax: Math.min(1, built ? ceilTo(m.coverage + rng.range(0.03, 0.06), 0.01) : 0.05),
    greenRatioMin: Math.max(0, floorTo(m.greenRatio - rng.range(0.03, 0.06), 0.01)),
    heightMaxM: built ? ceilTo(m.maxHeightM + rng.range(4, 12), 3) : 24,
    setbacksM,
    tolerances: { ...TOLERANCES },
  };
}

/** Every condition the metrics break beyond its tolerance. */
export function checkConditions(m: ParcelMetrics, c: PlanningConditions): ConditionName[] {
  const t = c.tolerances;
  const out: ConditionName[] = [];
  if (m.far < c.farMin - t.far) out.push('farMin');
  if (m.far > c.farMax + t.far) out.push('farMax');
  if (m.coverage > c.coverageMax + t.coverage) out.push('coverageMax');
  if (m.greenRatio < c.greenRatioMin - t.greenRatio) out.push('greenRatioMin');
  if (m.maxHeightM > c.heightMaxM + t.heightM) out.push('heightMaxM');
  for (const [colour, min] of Object.entries(c.setbacksM) as [LineColour, number][]) {
    const d = m.setbacksM[colour];
    if (d !== undefined && d < min - t.setbackM) out.push(`setbacksM.${colour}`);
  }
  return out;
}

/** How far past its limit (in the condition's own unit) the metric is; > 0 means violated beyond tolerance. */
export function violationMargin(m: ParcelMetrics, c: PlanningConditions, name: ConditionName): number {
  const t = c.tolerances;
  switch (name) {
    case 'farMin':
      return c.farMin - t.far - m.far;
    case 'farMax':
      return m.far - c.farMax - t.far;
    case 'coverageMax':
      return m.coverage - c.coverageMax - t.coverage;
    case 'greenRatioMin':
      return c.greenRatioMin - t.greenRatio - m.greenRatio;
    case 'heightMaxM':
      return m.maxHeightM - c.heightMaxM - t.heightM;
    default: {
      const colour = name.slice('setbacksM.'.length) as LineColour;
      const min = c.setbacksM[colour];
      const d = m.setbacksM[colour];
      return min === undefined || d === undefined ? -Infinity : min - t.setbackM - d;
    }
  }
}

/** Relaxes every broken condition except `keep` so that only the intended violation remains. */
export function relaxOthers(m: ParcelMetrics, c: PlanningConditions, keep: ConditionName | null, rng: Rng): void {
  const fresh = deriveConditions(m, rng);
  for (const name of checkConditions(m, c)) {
    if (name === keep) continue;
    if (name.startsWith('setbacksM.')) {
      const colour = name.slice('setbacksM.'.length) as LineColour;
      c.setbacksM[colour] = fresh.setbacksM[colour] ?? 0;
    } else {
      const key = name as Exclude<ConditionName, `setbacksM.${LineColour}`>;
      c[key] = fresh[key];
    }
  }
}
