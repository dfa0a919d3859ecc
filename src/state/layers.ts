// The viewer's toggleable layers, in panel order.

export const LAYER_IDS = ['buildings', 'gridL1', 'gridL2', 'gridL3', 'roads', 'pipelines', 'sensors'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
export type LayerVisibility = Record<LayerId, boolean>;

export const DEFAULT_LAYERS: LayerVisibility = {
  buildings: true,
  gridL1: true,
  gridL2: true,
  gridL3: true,
  roads: true,
  pipelines: true,
  sensors: true,
};

export function isLayerId(v: string): v is LayerId {
  return (LAYER_IDS as readonly string[]).includes(v);
}
