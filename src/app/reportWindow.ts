// The review report leaves the app as a printable page in its own window (the browser prints it to PDF)
// or as a JSON file.
import type { ReviewReport } from '../core/planning/types';
import { downloadText } from './download';

/** Opens the report in a new window and starts printing once it has loaded; false when popups are blocked. */
export function openReport(html: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const w = window.open(url, '_blank');
  if (!w) {
    URL.revokeObjectURL(url);
    return false;
  }
  w.addEventListener('load', () => {
    w.focus();
    w.print();
  });
  // The window keeps its document; the URL is only needed until it has loaded.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}

export function saveReportJson(report: ReviewReport): void {
  downloadText(`review-${report.parcelId}.json`, JSON.stringify(report, null, 2));
}
