// The 3-level management grid's levels and how each is drawn (L1 thick, L3 thin).

export type GridLevel = 1 | 2 | 3;

export const GRID_LEVELS: Record<GridLevel, { nameZh: string; nameEn: string; widthPx: number; rgb: [number, number, number] }> = {
  1: { nameZh: '一级网格', nameEn: 'Level-1 grid', widthPx: 5, rgb: [255, 64, 64] },
  2: { nameZh: '二级网格', nameEn: 'Level-2 grid', widthPx: 3, rgb: [255, 170, 0] },
  3: { nameZh: '三级网格', nameEn: 'Level-3 grid', widthPx: 1.5, rgb: [0, 220, 255] },
};
