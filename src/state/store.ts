// The app store: plain serialisable records and the actions that change them, composed from one slice per
// mode (src/state/slices): each slice owns its fields and the only actions that write them.
import { createStore } from 'zustand/vanilla';
import { cityActions, initialCity, type CitySlice } from './slices/city';
import { gridEditActions, initialGridEdit, type GridEditSliceState } from './slices/gridEdit';
import { initialJoin, joinActions, type JoinSlice } from './slices/join';
import { initialLive, liveActions, type LiveSlice } from './slices/live';
import { initialModels, modelsActions, type ModelsSlice } from './slices/models';
import { initialOverlay, overlayActions, type OverlaySlice } from './slices/overlay';
import { initialPlan, planActions, type PlanSlice } from './slices/plan';
import { initialReview, reviewActions, type ReviewSlice } from './slices/review';
import { initialSession, sessionActions, type SessionSlice } from './slices/session';
import { initialTour, tourActions, type TourSlice } from './slices/tour';
import { initialView, viewActions, type ViewSlice } from './slices/view';
import type { UrlState } from './urlState';

export type { ImportedFile, LoadPhase, Selection } from './slices/city';
export type { GridStatsRecord, JoinState } from './slices/join';
export type { LiveAlarmRecord, LiveState } from './slices/live';
export type { OverlayState } from './slices/overlay';
export { NO_LINES, type PlanCompareMode, type PlanState } from './slices/plan';
export type { ReviewState } from './slices/review';
export type { ModelView, PlacedModel } from './slices/models';
export type { SessionState } from './slices/session';
export type { TourPlayState } from './slices/tour';

export type AppState = ViewSlice &
  CitySlice &
  JoinSlice &
  PlanSlice &
  ReviewSlice &
  LiveSlice &
  TourSlice &
  GridEditSliceState &
  OverlaySlice &
  SessionSlice &
  ModelsSlice;

export function createAppStore(initial: UrlState) {
  return createStore<AppState>()(() => ({
    ...initialView(initial),
    ...initialCity(initial),
    ...initialJoin(),
    ...initialPlan(),
    ...initialReview(),
    ...initialLive(),
    ...initialTour(),
    ...initialGridEdit(),
    ...initialOverlay(),
    ...initialSession(),
    ...initialModels(),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const actions = {
  ...viewActions,
  ...cityActions,
  ...joinActions,
  ...planActions,
  ...reviewActions,
  ...liveActions,
  ...tourActions,
  ...gridEditActions,
  ...overlayActions,
  ...sessionActions,
  ...modelsActions,
};

/** The URL-relevant slice of the state. */
export function urlStateOf(s: AppState): UrlState {
  return {
    camera: s.camera,
    layers: s.layers,
    lang: s.lang,
    render: s.render,
    underground: s.underground,
    data: s.dataUrl,
    mode: s.mode,
    buildingStyle: s.buildingStyle,
  };
}
