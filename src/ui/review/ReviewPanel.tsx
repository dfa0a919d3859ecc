// Review mode's panel (多验合一): choose a parcel, see its measured metrics and the checklist by department,
// sign the manual items, print the one report or save it as JSON. Static mode reviews and signs locally (sign-offs
// in memory); in server mode the case, its sign-offs and the archived reports are the server's (ServerReview.tsx).
import { Alert, Button, Card, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentTitle, itemTitle, noteText, verdictTitle, type Lang } from '../../core/planning/checklistText';
import { verdictOf } from '../../core/planning/buildReport';
import { landUseClassOf } from '../../core/planning/landUseClasses';
import { DEPARTMENTS, type CheckItem, type ManualEntry, type Verdict } from '../../core/planning/types';
import { may } from '../../core/access/roles';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { storedErrorText } from '../errorText';
import { actions } from '../../state/store';
import { DesignStoreys } from './DesignStoreys';
import { ReviewEstimatesNote } from './ReviewEstimatesNote';
import type { ReviewServerActions } from './serverCase';
import { ArchivedReports, ServerManualItem, useSharedCase, type SharedCase } from './ServerReview';

const VERDICT_COLOUR: Record<string, string> = { pass: 'green', fail: 'red', na: 'default', pending: 'gold', incomplete: 'gold' };
const fmt = (v: number | undefined, digits = 2) =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: digits });

function ManualItem({ item, entry, lang }: { item: CheckItem; entry: ManualEntry | undefined; lang: Lang }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [verdict, setVerdict] = useState<'pass' | 'fail' | undefined>(entry?.verdict);
  const [comment, setComment] = useState(entry?.comment ?? '');
  const [reviewer, setReviewer] = useState(entry?.reviewer ?? '');
  if (entry) {
    return (
      <div className="cim-review-row">
        <Typography.Text type="secondary">
          {t('review.signedBy', { name: entry.reviewer, at: entry.signedAt.slice(0, 16).replace('T', ' ') })}
          {entry.comment ? ` · ${entry.comment}` : ''}
        </Typography.Text>
      </div>
    );
  }
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }} data-manual={item.id}>
      <Radio.Group
        size="small"
        value={verdict}
        onChange={(e) => setVerdict(e.target.value)}
        optionType="button"
        options={[
          { label: verdictTitle('pass', lang), value: 'pass' },
          { label: verdictTitle('fail', lang), value: 'fail' },
        ]}
      />
      <Input
        size="small"
        placeholder={t('review.comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-field="comment"
      />
      <Space.Compact size="small" style={{ width: '100%' }}>
        <Input placeholder={t('review.reviewer')} value={reviewer} onChange={(e) => setReviewer(e.target.value)} data-field="reviewer" />
        <Button
          type="primary"
          disabled={!verdict || !reviewer.trim()}
          onClick={() =>
            verdict &&
            actions.signItem(store, {
              itemId: item.id,
              verdict,
              comment: comment.trim(),
              reviewer: reviewer.trim(),
              signedAt: new Date().toISOString(),
            })
          }
          data-field="sign"
        >
          {t('review.sign')}
        </Button>
      </Space.Compact>
    </Space>
  );
}

/** How the manual items are signed: locally (static mode), on the server's case, or not at all (signed out). */
type Signing = { kind: 'local' } | { kind: 'server'; shared: SharedCase } | { kind: 'none' };

function Checklist({ items, lang, signing }: { items: CheckItem[]; lang: Lang; signing: Signing }) {
  const { t } = useTranslation();
  const localEntries = useAppState((s) => s.review.entries);
  const user = useAppState((s) => s.session.user);
  // The server's items carry its sign-offs already; local ones are merged here.
  const entries = signing.kind === 'local' ? localEntries : {};
  return (
    <div data-testid="review-checklist">
      {DEPARTMENTS.map((d) => {
        const own = items.filter((it) => it.department === d);
        if (own.length === 0) return null;
        const merged = own.map((it) =>
          it.mode === 'manual' && entries[it.id] ? { ...it, verdict: entries[it.id].verdict as Verdict } : it,
        );
        const dv = verdictOf(merged);
        return (
          <section key={d} data-department={d}>
            <Typography.Title level={5} style={{ margin: '8px 0 2px' }}>
              {departmentTitle(d, lang)} <Tag color={VERDICT_COLOUR[dv]}>{verdictTitle(dv, lang)}</Tag>
            </Typography.Title>
            {merged.map((it) => (
              <div key={it.id} className="cim-review-item" data-item={it.id} data-verdict={it.verdict}>
                <div className="cim-review-row">
                  <Typography.Text>{itemTitle(it.id, lang)}</Typography.Text>
                  <Tag color={VERDICT_COLOUR[it.verdict]}>{verdictTitle(it.verdict, lang)}</Tag>
                </div>
                {it.mode === 'auto' && (it.requiredText || it.actual !== undefined) && (
                  <div className="cim-review-row">
                    <Typography.Text type="secondary">
                      {t('review.required')} {it.requiredText ?? '—'} · {t('review.actual')} <span data-actual>{fmt(it.actual, 3)}</span>
                      {it.unit ? ` ${it.unit}` : ''}
                    </Typography.Text>
                  </div>
                )}
                {it.offenders.length > 0 && (
                  <Typography.Text type="danger">
                    {it.offenders.slice(0, 6).join(', ')}
                    {it.offenders.length > 6 ? ` +${it.offenders.length - 6}` : ''}
                  </Typography.Text>
                )}
                {(it.detail || it.note) && (
                  <div>
                    <Typography.Text type="secondary">{[it.detail, noteText(it.note, lang)].filter(Boolean).join(' · ')}</Typography.Text>
                  </div>
                )}
                {it.mode === 'manual' && signing.kind === 'local' && <ManualItem item={it} entry={entries[it.id]} lang={lang} />}
                {it.mode === 'manual' && signing.kind === 'server' && (
                  <ServerManualItem item={it} shared={signing.shared} user={user} lang={lang} />
                )}
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

export interface ReviewActions {
  review(parcelId: string): void;
  print(): void;
  saveJson(): void;
  /** The shared cases on the server (used in server mode only). */
  server: ReviewServerActions;
}

export function ReviewPanel({ onAction }: { onAction: ReviewActions }) {
  const { t, i18n } = useTranslation();
  const review = useAppState((s) => s.review);
  const pageLang = useAppState((s) => s.lang);
  const parcelIds = useAppState((s) => s.plan.summary?.parcelIds);
  const planPhase = useAppState((s) => s.plan.phase);
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh';
  const options = useMemo(() => (parcelIds ?? []).map((id) => ({ value: id, label: id })), [parcelIds]);
  const onServer = useAppState((s) => s.session.mode === 'server');
  const user = useAppState((s) => s.session.user);
  // Server mode: the case is the server's as soon as it answers (the same figures as the local review, which
  // still draws the parcel and its dimension lines in the scene); a reviewer must be signed in to read it.
  const shared = useSharedCase(onServer && user ? review.parcelId : null, onAction.server);
  const serverReport = shared.current?.report;
  const entries = onServer ? {} : review.entries;
  const r = serverReport ?? review.result?.review;
  const signing: Signing = !onServer ? { kind: 'local' } : shared.current ? { kind: 'server', shared } : { kind: 'none' };
  const m = r?.metrics;
  const farEstimated =
    m && (m.estimates.floorsFromHeight.length || m.estimates.unmeasured.length) ? (
      <Typography.Text type="warning" data-estimated>
        {' '}
        ({t('review.estimated')})
      </Typography.Text>
    ) : null;
  // The height rests on floors × 3 m for some buildings, or leaves unmeasured ones out: marked as the report marks it.
  const heightEstimated =
    m && (m.estimates.heightFromFloors.length || m.estimates.unmeasured.length) ? (
      <Typography.Text type="warning" data-estimated>
        {' '}
        ({t('review.estimated')})
      </Typography.Text>
    ) : null;
  const overall = serverReport
    ? serverReport.verdict
    : r
      ? verdictOf(
          r.items.map((it) => (it.mode === 'manual' && entries[it.id] ? { ...it, verdict: entries[it.id].verdict as Verdict } : it)),
        )
      : null;
  return (
    <Card size="small" className="cim-panel" title={t('review.title')} data-testid="review-panel">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Select
          showSearch
          size="small"
          style={{ width: '100%' }}
          placeholder={planPhase === 'ready' ? t('review.search') : t('plan.loading')}
          value={review.parcelId ?? undefined}
          options={options}
          onChange={(id: string) => onAction.review(id)}
          data-testid="parcel-search"
        />
        {!review.parcelId && <Typography.Text type="secondary">{t('review.hint')}</Typography.Text>}
        {review.phase === 'running' && <Typography.Text type="secondary">{t('review.running')}</Typography.Text>}
        {review.phase === 'error' && (
          <Alert type="error" showIcon title={storedErrorText(review.error, review.errorData, pageLang, t)} data-testid="review-error" />
        )}
        {onServer && !user && review.parcelId && (
          <Typography.Text type="secondary" data-testid="review-sign-in">
            {t('review.signInForCase')}
          </Typography.Text>
        )}
        {shared.error && <Alert type="error" showIcon title={shared.error} data-testid="case-error" />}
        {shared.stale && <Alert type="warning" showIcon title={t('review.stale')} data-testid="case-stale" />}
        {r && m && (
          <>
            <div
              data-testid="review-verdict"
              data-verdict={overall}
              data-source={serverReport ? 'server' : 'local'}
              data-case-version={shared.current?.version}
            >
              <Typography.Text strong>{r.parcelId}</Typography.Text> · {r.landUse} {landUseClassOf(r.landUse).nameZh}{' '}
              <Tag color={VERDICT_COLOUR[overall ?? 'pending']}>{verdictTitle(overall ?? 'pending', lang)}</Tag>
            </div>
            <table className="cim-metrics" data-testid="review-metrics">
              <tbody>
                <tr>
                  <th>{t('review.siteArea')}</th>
                  <td>{fmt(m.siteAreaM2, 0)} m²</td>
                  <th>{t('review.footprint')}</th>
                  <td>{fmt(m.footprintM2, 0)} m²</td>
                </tr>
                <tr>
                  <th>{t('review.floorArea')}</th>
                  <td>
                    {fmt(m.floorAreaM2, 0)} m²{farEstimated}
                  </td>
                  <th>{t('review.far')}</th>
                  <td data-metric="far">
                    {fmt(m.far, 3)}
                    {farEstimated}
                  </td>
                </tr>
                <tr>
                  <th>{t('review.coverage')}</th>
                  <td data-metric="coverage">{fmt(m.coverage * 100, 1)}%</td>
                  <th>{t('review.greenRatio')}</th>
                  <td data-metric="greenRatio">{fmt(m.greenRatio * 100, 1)}%</td>
                </tr>
                <tr>
                  <th>{t('review.maxHeight')}</th>
                  <td data-metric="maxHeightM">
                    {fmt(m.maxHeightM, 1)} m{heightEstimated}
                  </td>
                  <th>{t('review.buildings')}</th>
                  <td>{m.buildingIds.length}</td>
                </tr>
              </tbody>
            </table>
            <ReviewEstimatesNote estimates={m.estimates} total={m.buildingIds.length} />
            <Checklist items={r.items} lang={lang} signing={signing} />
            {'design' in r && r.design && <DesignStoreys design={r.design} lang={lang} />}
            {onServer && shared.current && (
              <ArchivedReports shared={shared} server={onAction.server} canArchive={may(user, 'archive-report')} lang={lang} />
            )}
            {!(onServer && shared.current && may(user, 'archive-report')) && (
              <Space>
                <Button type="primary" onClick={() => onAction.print()} data-testid="print-report">
                  {t('review.print')}
                </Button>
                <Button onClick={() => onAction.saveJson()} data-testid="save-json">
                  {t('review.saveJson')}
                </Button>
              </Space>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
