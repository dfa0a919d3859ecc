// Pipeline kinds and their map colours per CJJ 61 (urban underground pipeline survey).

export const PIPELINE_KINDS = ['water', 'drainage', 'gas', 'heat', 'power', 'telecom', 'industrial', 'unknown'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

export interface PipelineKindStyle {
  nameZh: string;
  nameEn: string;
  rgb: [number, number, number];
}

export const PIPELINE_STYLES: Record<PipelineKind, PipelineKindStyle> = {
  water: { nameZh: '给水', nameEn: 'Water supply', rgb: [0, 112, 255] },
  drainage: { nameZh: '排水', nameEn: 'Drainage', rgb: [139, 90, 43] },
  gas: { nameZh: '燃气', nameEn: 'Gas', rgb: [255, 105, 180] },
  heat: { nameZh: '热力', nameEn: 'Heat', rgb: [255, 140, 0] },
  power: { nameZh: '电力', nameEn: 'Power', rgb: [230, 0, 0] },
  telecom: { nameZh: '通信', nameEn: 'Telecom', rgb: [0, 170, 0] },
  industrial: { nameZh: '工业', nameEn: 'Industrial', rgb: [20, 20, 20] },
  unknown: { nameZh: '不明', nameEn: 'Unknown', rgb: [150, 150, 150] },
};

/** The kind of a pipeline property value; anything unrecognised is 'unknown'. */
export function pipelineKindOf(value: unknown): PipelineKind {
  return (PIPELINE_KINDS as readonly string[]).includes(value as string) ? (value as PipelineKind) : 'unknown';
}
