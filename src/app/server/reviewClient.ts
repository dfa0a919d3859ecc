// Review mode's client of `cim serve` (server/reviews/README.md): the case of a parcel, sign-offs with If-Match on
// the case's version, archived reports (opened as the server's own HTML page, verified against the database now).
import type { ArchivedSummary, ReviewCase, ReviewServerActions, VerifyResult } from '../../ui/review/serverCase';
import { StaleCaseError } from '../../ui/review/serverCase';
import { downloadText } from '../download';
import { ServerError, type ServerApi } from './serverApi';

const casePath = (parcelId: string) => `/api/reviews/${encodeURIComponent(parcelId)}`;
const reportPath = (id: number) => `/api/reviews/reports/${encodeURIComponent(String(id))}`;

export function createReviewClient(api: ServerApi): ReviewServerActions {
  return {
    load: (parcelId) => api.fetchJson<ReviewCase>(casePath(parcelId)),
    async signOff(parcelId, version, entry) {
      try {
        await api.fetchJson(`${casePath(parcelId)}/signoffs`, {
          method: 'POST',
          headers: { 'If-Match': `"case-${version}"` },
          json: { item: entry.item, decision: entry.decision, comment: entry.comment },
        });
      } catch (err) {
        if (err instanceof ServerError && err.status === 412) throw new StaleCaseError(err.message);
        throw err;
      }
    },
    archive: (parcelId, lang) => api.fetchJson<ArchivedSummary>(`${casePath(parcelId)}/reports`, { method: 'POST', json: { lang } }),
    openArchived(id) {
      const w = window.open(`${reportPath(id)}?format=html`, '_blank');
      if (!w) return false;
      // The server's page runs no script of its own (its CSP); same origin, so this page asks it to print.
      w.addEventListener('load', () => {
        w.focus();
        w.print();
      });
      return true;
    },
    verify: (id) => api.fetchJson<VerifyResult>(`${reportPath(id)}/verify`),
    async saveArchivedJson(id) {
      const r = await api.fetchJson<{ parcelId: string; report: unknown }>(reportPath(id));
      downloadText(`review-${r.parcelId}-${id}.json`, JSON.stringify(r.report, null, 2));
    },
  };
}
