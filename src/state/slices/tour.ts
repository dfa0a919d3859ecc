// Tour slice: the flythrough being played (ops mode or a preview while authoring) and the ops screen's 24/7 record.
import type { BuildingStyle } from '../../core/style/buildingStyles';
import type { ErrorData } from '../../io/errorData';
import type { LayerVisibility } from '../layers';
import type { SliceStore } from '../sliceStore';
import type { ViewSlice } from './view';

export interface TourPlayState {
  id: string | null;
  phase: 'idle' | 'loading' | 'playing' | 'paused' | 'error';
  error?: string;
  /** The error as data when its kind is catalogued, for the page's language (`error` stays English). */
  errorData?: ErrorData;
  /** The keyframe being flown to or held at. */
  keyframe: number;
  keyframes: number;
  /** Play time (ms into the tour) the player last reported: where a rebuilt scene resumes. */
  elapsedMs: number;
  caption: { zh: string; en: string } | null;
  highlight: { grid?: string; parcel?: string } | null;
  /** Why it is paused: the operator, or an alarm it flew to. */
  pausedFor?: 'user' | 'alarm';
}

export type AlarmFlightPhase = 'away' | 'holding' | 'returning';

/** The ops screen's 24/7 record: WebGL contexts lost and recovered, alarms flown to, the alarm flight under way. */
export interface OpsRecord {
  contextLosses: number;
  recoveries: number;
  alarmFlights: number;
  alarmFlight: { thingId: string; phase: AlarmFlightPhase } | null;
}

export interface TourSlice {
  tour: TourPlayState;
  ops: OpsRecord;
}

/** What a keyframe sets: the view it asks for (absent: unchanged) and what the player shows. */
export interface TourKeyframeView {
  layers: Partial<LayerVisibility>;
  underground?: boolean;
  buildingStyle?: BuildingStyle;
  keyframe: number;
  elapsedMs: number;
  caption: TourPlayState['caption'];
  highlight: TourPlayState['highlight'];
}

export function initialTour(): TourSlice {
  return {
    tour: { id: null, phase: 'idle', keyframe: 0, keyframes: 0, elapsedMs: 0, caption: null, highlight: null },
    ops: { contextLosses: 0, recoveries: 0, alarmFlights: 0, alarmFlight: null },
  };
}

type Store = SliceStore<TourSlice>;

export const tourActions = {
  setTour(store: Store, patch: Partial<TourPlayState>): void {
    store.setState((s) => ({ tour: { ...s.tour, ...patch } }));
  },
  /** A keyframe is reached: its view and caption in one render (a tour drives the view slice too). */
  applyTourKeyframe(store: SliceStore<TourSlice & Pick<ViewSlice, 'layers' | 'underground' | 'buildingStyle'>>, k: TourKeyframeView): void {
    store.setState((s) => ({
      layers: { ...s.layers, ...k.layers },
      underground: k.underground ?? s.underground,
      buildingStyle: k.buildingStyle ?? s.buildingStyle,
      tour: { ...s.tour, keyframe: k.keyframe, elapsedMs: k.elapsedMs, caption: k.caption, highlight: k.highlight },
    }));
  },
  countOps(store: Store, key: 'contextLosses' | 'recoveries' | 'alarmFlights'): void {
    store.setState((s) => ({ ops: { ...s.ops, [key]: s.ops[key] + 1 } }));
  },
  setAlarmFlight(store: Store, alarmFlight: OpsRecord['alarmFlight']): void {
    store.setState((s) => ({ ops: { ...s.ops, alarmFlight } }));
  },
};
