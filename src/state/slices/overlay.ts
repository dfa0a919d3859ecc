// Overlay slice: a layer the user imported in the "plain overlay" role, styled by one of its fields: its name, the
// field and mode, the legend with counts (from the overlay worker), whether it is shown, and how far its loading is.
import type { FieldStyleMode, RampBreaks, StyleClass } from '../../core/style/fieldStyle';
import type { SliceStore } from '../sliceStore';

export interface OverlayState {
  /** The file (and layer) it came from, the legend's title. */
  name: string;
  phase: 'loading' | 'ready' | 'error';
  error?: string;
  field: string;
  mode: FieldStyleMode;
  /** A ramp's classes: by quantiles or equal intervals. */
  breaks: RampBreaks;
  /** Fields it can be styled by (the converted layer's columns), numeric ones marked. */
  fields: { name: string; numeric: boolean }[];
  /** The legend: colour, label (empty for 'other' and 'none'), count per class. */
  legend: StyleClass[];
  visible: boolean;
  /** Features drawn, and features skipped for want of a usable geometry. */
  count: number;
  skipped: number;
  /** Bumped when the worker's style changes, so the scene layer asks for its tiles again. */
  styleKey: number;
}

export interface OverlaySlice {
  overlay: OverlayState | null;
}

export function initialOverlay(): OverlaySlice {
  return { overlay: null };
}

type Store = SliceStore<OverlaySlice>;

export const overlayActions = {
  setOverlay(store: Store, overlay: OverlayState | null): void {
    store.setState({ overlay });
  },
  /** Merged into the overlay shown; nothing when none is. */
  patchOverlay(store: Store, patch: Partial<OverlayState>): void {
    store.setState((s) => (s.overlay ? { overlay: { ...s.overlay, ...patch } } : {}));
  },
  setOverlayVisible(store: Store, visible: boolean): void {
    store.setState((s) => (s.overlay ? { overlay: { ...s.overlay, visible } } : {}));
  },
  /** A new style from the worker: the field, mode, breaks and legend, and a new style key for the tiles. */
  overlayStyled(store: Store, style: { field: string; mode: FieldStyleMode; breaks: RampBreaks }, legend: StyleClass[]): void {
    store.setState((s) => (s.overlay ? { overlay: { ...s.overlay, ...style, legend, styleKey: s.overlay.styleKey + 1 } } : {}));
  },
};
