// A flythrough tour as plain JSON records (see tour.schema.json): keyframes with camera, timing and actions.

export const TOUR_LAYER_IDS = ['buildings', 'gridL1', 'gridL2', 'gridL3', 'roads', 'pipelines', 'sensors'] as const;
export type TourLayerId = (typeof TOUR_LAYER_IDS)[number];

export type TourEasing = 'linear' | 'easeIn' | 'easeOut' | 'easeInOut';
export type TourBuildingStyle = 'use' | 'heightM' | 'floors' | 'baseM' | 'grid';

export interface TourCamera {
  lonDeg: number;
  latDeg: number;
  heightM: number;
  headingDeg: number;
  pitchDeg: number;
  rollDeg: number;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface TourKeyframe {
  camera: TourCamera;
  /** Seconds to fly here from the previous keyframe (the first: from the last when looping). */
  durationS: number;
  /** Seconds to stay here. */
  holdS: number;
  easing: TourEasing;
  /** Shown while flying here and holding here. */
  caption?: Bilingual;
  /** Sticky: from this keyframe on. */
  layers?: Partial<Record<TourLayerId, boolean>>;
  underground?: boolean;
  buildingStyle?: TourBuildingStyle;
  /** Only while at this keyframe. */
  highlight?: { grid?: string; parcel?: string };
}

export interface Tour {
  version: 1;
  id: string;
  title: Bilingual;
  loop: boolean;
  keyframes: TourKeyframe[];
}

/** What a keyframe sets in the viewer, with sticky settings accumulated from the keyframes before it. */
export interface TourActions {
  layers: Partial<Record<TourLayerId, boolean>>;
  underground?: boolean;
  buildingStyle?: TourBuildingStyle;
  caption: Bilingual | null;
  highlight: { grid?: string; parcel?: string } | null;
}

/** Actions in force at keyframe k: sticky ones merged from keyframe 0 to k, the rest k's own. */
export function actionsAt(tour: Tour, k: number): TourActions {
  const out: TourActions = { layers: {}, caption: null, highlight: null };
  for (let i = 0; i <= k && i < tour.keyframes.length; i++) {
    const kf = tour.keyframes[i];
    Object.assign(out.layers, kf.layers);
    if (kf.underground !== undefined) out.underground = kf.underground;
    if (kf.buildingStyle !== undefined) out.buildingStyle = kf.buildingStyle;
  }
  const kf = tour.keyframes[k];
  out.caption = kf?.caption ?? null;
  out.highlight = kf?.highlight && (kf.highlight.grid || kf.highlight.parcel) ? { ...kf.highlight } : null;
  return out;
}
