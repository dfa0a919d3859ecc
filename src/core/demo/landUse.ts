// Planned land use from a smooth district field (2023 national land and sea use classification, level-1 codes).
import type { Rng } from '../util/random';
import { districtNoise, type CitySites } from './sites';

export type LandUseCode = '07' | '08' | '09' | '10' | '11' | '13' | '14' | '17';

export const LAND_USE_NAMES: Record<LandUseCode, string> = {
  '07': '居住用地',
  '08': '公共管理与公共服务用地',
  '09': '商业服务业用地',
  '10': '工矿用地',
  '11': '仓储用地',
  '13': '公用设施用地',
  '14': '绿地与开敞空间用地',
  '17': '陆地水域',
};

/** Building density weight per planned use (buildings per unit of buildable area, relative). */
export const USE_DENSITY: Record<LandUseCode, number> = {
  '07': 1,
  '08': 0.45,
  '09': 0.55,
  '10': 0.3,
  '11': 0.25,
  '13': 0.15,
  '14': 0,
  '17': 0,
};

/**
 * Land use at a plan point: commercial CBD at the centre, industry and storage on the east-south-east side,
 * storage at the fringe, residential elsewhere with public services, local commerce, utilities and parks mixed in.
 */
export function plannedLandUse(s: CitySites, x: number, y: number, rng: Rng): LandUseCode {
  const n = 0.12 * districtNoise(s, x, y);
  const u = rng.next();
  const dc = Math.hypot(x - s.cbd.x, y - s.cbd.y) / s.cbd.radiusM;
  if (dc < 1 + n) return u < 0.78 ? '09' : u < 0.9 ? '08' : u < 0.97 ? '07' : '14';
  const r = 0.5 * Math.min(s.widthM, s.heightM);
  const dx = x - s.widthM / 2;
  const dy = y - s.heightM / 2;
  const t = (dx * s.industrialDir[0] + dy * s.industrialDir[1]) / r;
  if (t > 0.38 + n) return u < 0.72 ? '10' : u < 0.9 ? '11' : u < 0.95 ? '13' : '14';
  const d = Math.hypot(dx, dy) / r;
  if (d > 0.9 + n && u < 0.25) return '11';
  return u < 0.72 ? '07' : u < 0.82 ? '08' : u < 0.9 ? '09' : u < 0.915 ? '13' : u < 0.955 ? '14' : '07';
}
