// Plan slice: the planning layers shown, the plan version and its comparison, the one-map analyses, and the
// buildings an analysis or a review flags.
import type { PlanAnalysis, PlanSummary } from '../../core/planning/cityPlan';
import type { LineColour } from '../../core/planning/types';
import type { ErrorData } from '../../io/errorData';
import type { SliceStore } from '../sliceStore';

export type PlanCompareMode = 'off' | 'swipe' | 'split';

/** Plan mode: the planning layers shown, the plan version and its comparison, and the one-map analyses. */
export interface PlanState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error?: string;
  /** The error as data when its kind is catalogued, for the page's language (`error` stays English). */
  errorData?: ErrorData;
  summary: PlanSummary | null;
  landUse: boolean;
  lines: Record<LineColour, boolean>;
  heightLimits: boolean;
  /** The plan version drawn (left of the divider when comparing). */
  version: string;
  compare: { mode: PlanCompareMode; version: string; position: number };
  analysis: 'none' | 'height' | 'conflicts';
  result: PlanAnalysis | null;
}

/** A building's flag colour (RGB 0–255). */
export type FlagRgb = [number, number, number];

export interface PlanSlice {
  plan: PlanState;
  /** Buildings an analysis or review flags, by index, with their colour; null for none. */
  flagged: ReadonlyMap<number, FlagRgb> | null;
}

export const NO_LINES: Record<LineColour, boolean> = { red: false, green: false, blue: false, purple: false, yellow: false };

export function initialPlan(): PlanSlice {
  return {
    plan: {
      phase: 'idle',
      summary: null,
      landUse: false,
      lines: NO_LINES,
      heightLimits: false,
      version: 'current',
      compare: { mode: 'off', version: '2035', position: 0.5 },
      analysis: 'none',
      result: null,
    },
    flagged: null,
  };
}

type Store = SliceStore<PlanSlice>;

export const planActions = {
  setPlan(store: Store, patch: Partial<PlanState>): void {
    store.setState((s) => ({ plan: { ...s.plan, ...patch } }));
  },
  setFlagged(store: Store, flagged: ReadonlyMap<number, FlagRgb> | null): void {
    store.setState({ flagged });
  },
};
