// Road classes of the demo network and how they are drawn.

export const ROAD_CLASSES: Record<string, { nameZh: string; nameEn: string; rgb: [number, number, number] }> = {
  arterial: { nameZh: '主干路', nameEn: 'Arterial road', rgb: [70, 70, 78] },
  secondary: { nameZh: '次干路', nameEn: 'Secondary road', rgb: [95, 95, 104] },
  branch: { nameZh: '支路', nameEn: 'Branch road', rgb: [120, 120, 128] },
};
