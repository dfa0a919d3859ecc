// A review plus the reviewers' sign-offs of the manual items: the record that is printed and archived.
import {
  DEPARTMENTS,
  type CheckItem,
  type Department,
  type ManualEntry,
  type ParcelReview,
  type ReportVerdict,
  type ReviewReport,
} from './types';

/** Fail if any item fails; else incomplete while a manual item waits for its sign-off; else pass ('na' counts as pass). */
export function verdictOf(items: readonly CheckItem[]): ReportVerdict {
  if (items.some((i) => i.verdict === 'fail')) return 'fail';
  if (items.some((i) => i.verdict === 'pending')) return 'incomplete';
  return 'pass';
}

/**
 * Merges sign-offs into the manual items (the latest signedAt wins when an item was signed twice); entries
 * for unknown or automatic items are left out, as automatic verdicts are not the reviewer's to overrule.
 */
export function buildReport(
  review: ParcelReview,
  entries: readonly ManualEntry[],
  meta: { generatedAt: string; city?: string; snapshot?: string },
): ReviewReport {
  const manual = new Set(review.items.filter((i) => i.mode === 'manual').map((i) => i.id));
  const latest = new Map<string, ManualEntry>();
  for (const e of entries) {
    if (!manual.has(e.itemId)) continue;
    const prev = latest.get(e.itemId);
    if (!prev || Date.parse(e.signedAt) >= Date.parse(prev.signedAt)) latest.set(e.itemId, e);
  }
  const items = review.items.map((i): CheckItem => {
    const e = latest.get(i.id);
    return e ? { ...i, verdict: e.verdict, detail: e.comment || i.detail, signOff: { ...e } } : { ...i, offenders: [...i.offenders] };
  });
  const byDepartment = Object.fromEntries(DEPARTMENTS.map((d) => [d, verdictOf(items.filter((i) => i.department === d))])) as Record<
    Department,
    ReportVerdict
  >;
  return {
    parcelId: review.parcelId,
    landUse: review.landUse,
    generatedAt: meta.generatedAt,
    ...(meta.city !== undefined ? { city: meta.city } : {}),
    metrics: review.metrics,
    items,
    verdict: verdictOf(items),
    byDepartment,
    signOffs: [...latest.values()].map((e) => ({ ...e })),
    ...(meta.snapshot !== undefined ? { snapshot: meta.snapshot } : {}),
    ...(review.design && { design: review.design }),
  };
}
