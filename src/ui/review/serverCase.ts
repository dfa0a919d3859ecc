// What Review mode shows and asks of the server in server mode (`cim serve`): the shared case of a parcel with every
// department's sign-offs, signing an item, archiving the report, reopening and verifying an archived one. The shapes
// are the server's (server/reviews/README.md); the app's client (app/server/reviewClient.ts) implements them.
import type { ReviewReport } from '../../core/planning/types';

export interface CaseSignOff {
  id: number;
  item: string;
  department: string;
  decision: 'pass' | 'fail';
  comment: string;
  reviewer: string;
  /** ISO 8601. */
  at: string;
  caseVersion: number;
}

export interface ArchivedSummary {
  id: number;
  parcelId?: string;
  caseVersion: number;
  inputsSha256: string;
  lang: 'zh' | 'en';
  createdBy: string;
  createdAt: string;
}

export interface ReviewCase {
  parcelId: string;
  version: number;
  /** cim review's report.json: metrics, items (manual ones with the sign-offs that count), verdict. */
  report: ReviewReport;
  checklist: { id: string; department: string; mode: string; verdict: string; signOff: CaseSignOff | null }[];
  /** Every sign-off, oldest first. */
  signOffs: CaseSignOff[];
  inputsSha256: string;
  reports: ArchivedSummary[];
}

export interface VerifyResult {
  archivedSha256: string;
  currentSha256: string | null;
  inputsMatch: boolean;
  figuresMatch: boolean;
  changed: string[];
  problem: string | null;
}

/** A sign-off refused because the case changed meanwhile (412): the case as it is now comes with it. */
export class StaleCaseError extends Error {
  override name = 'StaleCaseError';
}

export interface ReviewServerActions {
  load(parcelId: string): Promise<ReviewCase>;
  /** Signs `item` against the case's `version`; a StaleCaseError when someone signed meanwhile. */
  signOff(parcelId: string, version: number, entry: { item: string; decision: 'pass' | 'fail'; comment: string }): Promise<void>;
  /** Archives the report as the server computes it now. */
  archive(parcelId: string, lang: 'zh' | 'en'): Promise<ArchivedSummary>;
  /** Opens an archived report's HTML in a new window for printing; false when popups are blocked. */
  openArchived(id: number): boolean;
  verify(id: number): Promise<VerifyResult>;
  /** Saves an archived report's JSON record as a file. */
  saveArchivedJson(id: number): Promise<void>;
}
