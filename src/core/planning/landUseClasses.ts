// First-level classes of the 2023 national land and sea use classification (用地用海分类) with their
// customary map colours; the demo city's `use` and `landUse` values are these codes.

export interface LandUseClass {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Map colour as [r, g, b], 0–255. */
  rgb: [number, number, number];
}

export const LAND_USE_CLASSES: readonly LandUseClass[] = [
  { code: '07', nameZh: '居住用地', nameEn: 'Residential', rgb: [255, 255, 45] },
  { code: '08', nameZh: '公共管理与公共服务用地', nameEn: 'Public administration and services', rgb: [255, 0, 255] },
  { code: '09', nameZh: '商业服务业用地', nameEn: 'Commercial and business', rgb: [255, 0, 0] },
  { code: '10', nameZh: '工矿用地', nameEn: 'Industrial and mining', rgb: [187, 150, 116] },
  { code: '11', nameZh: '仓储用地', nameEn: 'Storage and logistics', rgb: [135, 97, 211] },
  { code: '12', nameZh: '交通运输用地', nameEn: 'Transport', rgb: [182, 182, 182] },
  { code: '13', nameZh: '公用设施用地', nameEn: 'Utilities', rgb: [0, 99, 128] },
  { code: '14', nameZh: '绿地与开敞空间用地', nameEn: 'Green and open space', rgb: [0, 255, 0] },
  { code: '17', nameZh: '陆地水域', nameEn: 'Water', rgb: [0, 128, 255] },
];

const UNKNOWN: LandUseClass = { code: '', nameZh: '未知用途', nameEn: 'Unknown', rgb: [160, 160, 160] };
const byCode = new Map(LAND_USE_CLASSES.map((c) => [c.code, c]));

/** The first-level class of a code: "0701" and "07" both give residential; unknown codes give grey. */
export function landUseClassOf(code: string | null | undefined): LandUseClass {
  if (!code) return UNKNOWN;
  return byCode.get(String(code).slice(0, 2)) ?? UNKNOWN;
}
