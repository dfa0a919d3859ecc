// A case's report, built by the same core code as `cim review` (buildReport, reportHtml, sitePlanSvg, the JSON
// record), and the canonical inputs it was built from: the parcel, its conditions, every feature the review read
// (geometry and properties) and the sign-offs that count. Their SHA-256 is what an archived report carries.
import { buildReport } from '../../src/core/planning/buildReport';
import { reportHtml } from '../../src/core/planning/reportHtml';
import { sitePlanSvg } from '../../src/core/planning/sitePlan';
import type { ReviewReport } from '../../src/core/planning/types';
import { reviewRecord } from '../../src/io/reviewCandidates';
import { manualEntries, type SignOff } from './caseStore';
import { canonicalJson, sha256Hex } from './canonicalJson';
import type { MeasuredCase } from './measureCase';

export type ReviewRecord = ReturnType<typeof reviewRecord>;

/** The canonical inputs of a review: what must not change for a re-run to give the archived figures. */
export function caseInputs(m: MeasuredCase, latest: readonly SignOff[]) {
  return {
    parcel: { id: m.parcel.id, props: m.parcel.props, geometry: m.parcel.geometry },
    conditions: m.conditions,
    features: m.read,
    signOffs: latest.map((s) => ({
      item: s.item,
      department: s.department,
      decision: s.decision,
      comment: s.comment,
      reviewer: s.reviewer,
      at: s.at,
    })),
  };
}

export function inputsSha256(m: MeasuredCase, latest: readonly SignOff[]): string {
  return sha256Hex(canonicalJson(caseInputs(m, latest)));
}

/** The report and its JSON record (cim review's report.json) for the sign-offs that count. */
export function caseRecord(
  m: MeasuredCase,
  latest: readonly SignOff[],
  generatedAt: string,
): { report: ReviewReport; record: ReviewRecord } {
  const report = buildReport(m.review, manualEntries(latest), { generatedAt });
  return { report, record: reviewRecord(report, m.review, m.frame, m.conditions) };
}

/** The printable HTML of a report, with its site plan, in `lang`. */
export function caseHtml(m: MeasuredCase, report: ReviewReport, lang: 'zh' | 'en'): string {
  return reportHtml(report, lang, sitePlanSvg(m.review, m.input, lang));
}

/** The figures of a record that a re-run must reproduce: everything but when it was generated. */
export function figuresOf(record: ReviewRecord | Record<string, unknown>): string {
  const { generatedAt: _generatedAt, ...figures } = record as Record<string, unknown>;
  return canonicalJson(JSON.parse(JSON.stringify(figures)));
}
