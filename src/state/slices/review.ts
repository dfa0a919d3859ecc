// Review slice (多验合一): the parcel under review, its computed review and the reviewers' sign-offs.
import type { ParcelReviewResult } from '../../core/planning/cityPlan';
import type { ManualEntry } from '../../core/planning/types';
import type { ErrorData } from '../../io/errorData';
import type { SliceStore } from '../sliceStore';

export interface ReviewState {
  parcelId: string | null;
  phase: 'idle' | 'running' | 'done' | 'error';
  error?: string;
  /** The error as data when its kind is catalogued, for the page's language (`error` stays English). */
  errorData?: ErrorData;
  result: ParcelReviewResult | null;
  /** Manual items signed so far, by item id. */
  entries: Record<string, ManualEntry>;
}

export interface ReviewSlice {
  review: ReviewState;
}

export function initialReview(): ReviewSlice {
  return { review: { parcelId: null, phase: 'idle', result: null, entries: {} } };
}

type Store = SliceStore<ReviewSlice>;

export const reviewActions = {
  /** A review of `parcelId` starts; the sign-offs stay only when it is the parcel already under review. */
  reviewStarted(store: Store, parcelId: string): void {
    store.setState((s) => ({
      review: {
        ...s.review,
        parcelId,
        phase: 'running',
        error: undefined,
        errorData: undefined,
        entries: s.review.parcelId === parcelId ? s.review.entries : {},
      },
    }));
  },
  reviewDone(store: Store, result: ParcelReviewResult): void {
    store.setState((s) => ({ review: { ...s.review, phase: 'done', result } }));
  },
  reviewFailed(store: Store, error: string, errorData?: ErrorData): void {
    store.setState((s) => ({ review: { ...s.review, phase: 'error', error, errorData, result: null } }));
  },
  signItem(store: Store, entry: ManualEntry): void {
    store.setState((s) => ({ review: { ...s.review, entries: { ...s.review.entries, [entry.itemId]: entry } } }));
  },
};
