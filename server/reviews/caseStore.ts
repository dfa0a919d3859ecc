// Review cases, sign-offs and archived reports in the database. A case is opened once per parcel; each sign-off is a
// new row and bumps the case's version in the same transaction, so a stale If-Match is refused before anything lands.
import type { Department } from '../../src/core/access/roles';
import type { ManualEntry } from '../../src/core/planning/types';
import { one, type Db, type Queryable } from '../db/db';
import { etag } from '../http/ifMatch';

export interface CaseRow {
  parcelId: string;
  version: number;
  openedBy: string | null;
  openedAt: string;
  updatedAt: string;
}

export interface SignOff {
  id: number;
  item: string;
  department: Department;
  decision: 'pass' | 'fail';
  comment: string;
  reviewer: string;
  /** ISO 8601. */
  at: string;
  /** The case's version this sign-off made. */
  caseVersion: number;
}

export interface ReportSummary {
  id: number;
  parcelId: string;
  caseVersion: number;
  inputsSha256: string;
  lang: 'zh' | 'en';
  createdBy: string;
  createdAt: string;
}

export interface ArchivedReport extends ReportSummary {
  /** The JSON record as written (cim review's report.json). */
  record: string;
  html: string;
}

/** The version as the ETag carries it. */
export const caseEtag = (version: number) => etag(CASE_TAG, version);
export const CASE_TAG = 'case';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

const CASE = 'parcel_id, version, opened_by, opened_at, updated_at';
type CaseDbRow = { parcel_id: string; version: number; opened_by: string | null; opened_at: Date; updated_at: Date };
const caseOf = (r: CaseDbRow): CaseRow => ({
  parcelId: r.parcel_id,
  version: Number(r.version),
  openedBy: r.opened_by,
  openedAt: iso(r.opened_at),
  updatedAt: iso(r.updated_at),
});

/** The case of a parcel, opened now (version 0) when it has none. */
export async function openCase(q: Queryable, parcelId: string, user: string | null): Promise<CaseRow> {
  await q.query('INSERT INTO review_cases (parcel_id, opened_by) VALUES ($1, $2) ON CONFLICT (parcel_id) DO NOTHING', [parcelId, user]);
  const row = await one<CaseDbRow>(q, `SELECT ${CASE} FROM review_cases WHERE parcel_id = $1`, [parcelId]);
  return caseOf(row!);
}

const SIGN_OFF = 'id, item, department, decision, comment, reviewer, at, case_version';
type SignOffDbRow = {
  id: number;
  item: string;
  department: Department;
  decision: 'pass' | 'fail';
  comment: string;
  reviewer: string;
  at: Date;
  case_version: number;
};
const signOffOf = (r: SignOffDbRow): SignOff => ({
  id: Number(r.id),
  item: r.item,
  department: r.department,
  decision: r.decision,
  comment: r.comment,
  reviewer: r.reviewer,
  at: iso(r.at),
  caseVersion: Number(r.case_version),
});

/** Every sign-off of the case, oldest first. */
export async function signOffs(q: Queryable, parcelId: string): Promise<SignOff[]> {
  const rows = await q.query<SignOffDbRow>(`SELECT ${SIGN_OFF} FROM review_signoffs WHERE parcel_id = $1 ORDER BY id`, [parcelId]);
  return rows.map(signOffOf);
}

/** The sign-off that counts for each item: the latest (highest id), by item id. */
export function latestSignOffs(history: readonly SignOff[]): SignOff[] {
  const latest = new Map<string, SignOff>();
  for (const s of history) {
    const prev = latest.get(s.item);
    if (!prev || s.id > prev.id) latest.set(s.item, s);
  }
  return [...latest.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/** Sign-offs as the core report's manual entries. */
export const manualEntries = (latest: readonly SignOff[]): ManualEntry[] =>
  latest.map((s) => ({ itemId: s.item, verdict: s.decision, comment: s.comment, reviewer: s.reviewer, signedAt: s.at }));

export class StaleCase extends Error {
  constructor(readonly version: number) {
    super(`the case changed since you read it: it is at version ${version}`);
  }
}

/**
 * Adds a sign-off and bumps the case's version, in one transaction with the case's row locked. `expected`: the
 * versions an If-Match accepts ('*' any), null without If-Match. Throws StaleCase when the case is elsewhere.
 */
export async function addSignOff(
  db: Db,
  parcelId: string,
  s: Pick<SignOff, 'item' | 'department' | 'decision' | 'comment' | 'reviewer'>,
  expected: number[] | '*' | null,
): Promise<{ signOff: SignOff; version: number }> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO review_cases (parcel_id, opened_by) VALUES ($1, $2) ON CONFLICT (parcel_id) DO NOTHING', [
      parcelId,
      s.reviewer,
    ]);
    const row = await one<{ version: number }>(tx, 'SELECT version FROM review_cases WHERE parcel_id = $1 FOR UPDATE', [parcelId]);
    const current = Number(row!.version);
    if (Array.isArray(expected) && !expected.includes(current)) throw new StaleCase(current);
    const version = current + 1;
    await tx.query('UPDATE review_cases SET version = $2, updated_at = now() WHERE parcel_id = $1', [parcelId, version]);
    const inserted = await tx.query<SignOffDbRow>(
      `INSERT INTO review_signoffs (parcel_id, item, department, decision, comment, reviewer, case_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SIGN_OFF}`,
      [parcelId, s.item, s.department, s.decision, s.comment, s.reviewer, version],
    );
    return { signOff: signOffOf(inserted[0]), version };
  });
}

const REPORT = 'id, parcel_id, case_version, inputs_sha256, lang, created_by, created_at';
type ReportDbRow = {
  id: number;
  parcel_id: string;
  case_version: number;
  inputs_sha256: string;
  lang: 'zh' | 'en';
  created_by: string;
  created_at: Date;
  record?: string;
  html?: string;
};
const reportOf = (r: ReportDbRow): ReportSummary => ({
  id: Number(r.id),
  parcelId: r.parcel_id,
  caseVersion: Number(r.case_version),
  inputsSha256: r.inputs_sha256,
  lang: r.lang,
  createdBy: r.created_by,
  createdAt: iso(r.created_at),
});

export async function archiveReport(
  q: Queryable,
  r: { parcelId: string; caseVersion: number; inputsSha256: string; lang: 'zh' | 'en'; record: string; html: string; createdBy: string },
): Promise<ReportSummary> {
  const rows = await q.query<ReportDbRow>(
    `INSERT INTO review_reports (parcel_id, case_version, inputs_sha256, lang, record, html, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${REPORT}`,
    [r.parcelId, r.caseVersion, r.inputsSha256, r.lang, r.record, r.html, r.createdBy],
  );
  return reportOf(rows[0]);
}

/** The case's archived reports, newest first (without their bodies). */
export async function reportsOf(q: Queryable, parcelId: string): Promise<ReportSummary[]> {
  const rows = await q.query<ReportDbRow>(`SELECT ${REPORT} FROM review_reports WHERE parcel_id = $1 ORDER BY id DESC`, [parcelId]);
  return rows.map(reportOf);
}

export async function archivedReport(q: Queryable, id: number): Promise<ArchivedReport | null> {
  const r = await one<ReportDbRow>(q, `SELECT ${REPORT}, record, html FROM review_reports WHERE id = $1`, [id]);
  return r ? { ...reportOf(r), record: r.record!, html: r.html! } : null;
}
