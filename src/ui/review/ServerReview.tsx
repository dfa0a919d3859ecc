// Review mode in server mode: the parcel's shared case (the server's figures and every department's sign-offs, seen
// by all reviewers at once: read when the panel opens, after each sign-off and every POLL_MS while it is open), the
// sign-off form for the items of the reviewer's own department, and the archived reports with their input hash,
// reopened and verified against the database as it is now.
import { Alert, Button, Input, Radio, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentOfChecklist, maySignOff, type Principal } from '../../core/access/roles';
import { verdictTitle, type Lang } from '../../core/planning/checklistText';
import type { CheckItem } from '../../core/planning/types';
import { background } from '../../core/util/background';
import { StaleCaseError, type ArchivedSummary, type ReviewCase, type ReviewServerActions, type VerifyResult } from './serverCase';

/** How often an open panel reads the case again, for the sign-offs of other reviewers. */
const POLL_MS = 10_000;

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export interface SharedCase {
  /** The case as last read (null before the first answer, or for another parcel). */
  current: ReviewCase | null;
  error: string | null;
  /** Set when a sign-off found the case changed meanwhile and it was read again. */
  stale: boolean;
  reload(): Promise<void>;
  /** Signs an item; false when the case had changed meanwhile (read again, `stale` set) and nothing landed. */
  signOff(item: string, decision: 'pass' | 'fail', comment: string): Promise<boolean>;
}

/** The shared case of `parcelId` (null: none wanted), kept fresh while the component using it is mounted. */
export function useSharedCase(parcelId: string | null, server: ReviewServerActions): SharedCase {
  const [state, setState] = useState<{ parcelId: string | null; current: ReviewCase | null; error: string | null; stale: boolean }>({
    parcelId: null,
    current: null,
    error: null,
    stale: false,
  });
  const wanted = useRef(parcelId);
  wanted.current = parcelId;

  const reload = useCallback(
    async (stale = false) => {
      const id = wanted.current;
      if (!id) return;
      try {
        const current = await server.load(id);
        if (wanted.current === id)
          setState((s) => ({ parcelId: id, current, error: null, stale: stale || (s.parcelId === id && s.stale) }));
      } catch (err) {
        if (wanted.current === id) setState((s) => ({ ...s, parcelId: id, error: (err as Error).message }));
      }
    },
    [server],
  );

  useEffect(() => {
    setState({ parcelId, current: null, error: null, stale: false });
    if (!parcelId) return;
    background(reload(), 'reading the review case');
    const timer = setInterval(() => background(reload(), 'reading the review case'), POLL_MS);
    return () => clearInterval(timer);
  }, [parcelId, reload]);

  const current = state.parcelId === parcelId ? state.current : null;
  return {
    current,
    error: state.parcelId === parcelId ? state.error : null,
    stale: state.parcelId === parcelId && state.stale,
    reload: () => reload(),
    async signOff(item, decision, comment) {
      if (!parcelId || !current) return false;
      setState((s) => ({ ...s, stale: false }));
      try {
        await server.signOff(parcelId, current.version, { item, decision, comment });
      } catch (err) {
        if (!(err instanceof StaleCaseError)) throw err;
        await reload(true);
        return false;
      }
      await reload();
      return true;
    },
  };
}

/** A manual item of the shared case: who signed it (with the comment), and the form for its own department's reviewer. */
export function ServerManualItem({
  item,
  shared,
  user,
  lang,
}: {
  item: CheckItem;
  shared: SharedCase;
  user: Principal | null;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'pass' | 'fail' | undefined>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signOff = shared.current?.checklist.find((c) => c.id === item.id)?.signOff ?? null;
  const department = departmentOfChecklist(item.department);
  const mine = !!department && maySignOff(user, department);
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      {signOff ? (
        <div className="cim-review-row" data-signoff={item.id} data-reviewer={signOff.reviewer} data-decision={signOff.decision}>
          <Typography.Text type="secondary">
            {verdictTitle(signOff.decision, lang)} · {t('review.signedBy', { name: signOff.reviewer, at: when(signOff.at) })}
            {signOff.comment ? ` · ${signOff.comment}` : ''}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Text type="secondary" data-unsigned={item.id}>
          {t('review.notSigned')}
        </Typography.Text>
      )}
      {mine ? (
        <Space orientation="vertical" size={2} style={{ width: '100%' }} data-manual={item.id}>
          <Radio.Group
            size="small"
            value={decision}
            onChange={(e) => setDecision(e.target.value)}
            optionType="button"
            options={[
              { label: verdictTitle('pass', lang), value: 'pass' },
              { label: verdictTitle('fail', lang), value: 'fail' },
            ]}
          />
          <Space.Compact size="small" style={{ width: '100%' }}>
            <Input placeholder={t('review.comment')} value={comment} onChange={(e) => setComment(e.target.value)} data-field="comment" />
            <Button
              type="primary"
              disabled={!decision || busy || !shared.current}
              loading={busy}
              onClick={() => {
                if (!decision) return;
                setBusy(true);
                setError(null);
                background(
                  shared.signOff(item.id, decision, comment.trim()).then(
                    (landed) => {
                      setBusy(false);
                      if (!landed) return;
                      setDecision(undefined);
                      setComment('');
                    },
                    (err: Error) => (setBusy(false), setError(err.message)),
                  ),
                  'signing a review item',
                );
              }}
              data-field="sign"
            >
              {signOff ? t('review.signAgain') : t('review.sign')}
            </Button>
          </Space.Compact>
          {error && <Alert type="error" showIcon title={error} data-testid="signoff-error" />}
        </Space>
      ) : (
        <Typography.Text type="secondary" data-readonly={item.id}>
          {t('review.otherDepartment')}
        </Typography.Text>
      )}
    </Space>
  );
}

/** One archived report: when, by whom, its input hash; reopen it, save its JSON, verify it against the city now. */
function ArchivedRow({ report, server }: { report: ArchivedSummary; server: ReviewServerActions }) {
  const { t } = useTranslation();
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="cim-review-item" data-report={report.id} data-sha={report.inputsSha256}>
      <div className="cim-review-row">
        <Typography.Text>
          {t('review.archiveId', { id: report.id })} · {when(report.createdAt)} · {report.createdBy}
        </Typography.Text>
      </div>
      <div>
        <Typography.Text type="secondary" title={report.inputsSha256}>
          {t('review.inputHash')} <code data-hash>{report.inputsSha256.slice(0, 16)}…</code>
        </Typography.Text>
      </div>
      <Space size={0} wrap>
        <Button
          size="small"
          type="link"
          onClick={() => server.openArchived(report.id) || setError(t('review.popupBlocked'))}
          data-action="open"
        >
          {t('review.openArchived')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() =>
            background(
              server.saveArchivedJson(report.id).catch((err: Error) => setError(err.message)),
              'saving an archived report',
            )
          }
          data-action="json"
        >
          {t('review.saveJson')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setVerify(null);
            setError(null);
            background(
              server.verify(report.id).then(setVerify, (err: Error) => setError(err.message)),
              'verifying an archived report',
            );
          }}
          data-action="verify"
        >
          {t('review.verify')}
        </Button>
      </Space>
      {verify && (
        <Alert
          type={verify.figuresMatch && verify.inputsMatch ? 'success' : 'warning'}
          showIcon
          data-testid="verify-result"
          data-figures-match={String(verify.figuresMatch)}
          data-inputs-match={String(verify.inputsMatch)}
          title={
            verify.problem
              ? verify.problem
              : verify.figuresMatch
                ? verify.inputsMatch
                  ? t('review.verifyMatch')
                  : t('review.verifyInputsChanged')
                : t('review.verifyChanged', { keys: verify.changed.join(', ') })
          }
        />
      )}
      {error && <Alert type="error" showIcon title={error} />}
    </div>
  );
}

/** The case's archived reports, newest first, and the button that archives one more. */
export function ArchivedReports({
  shared,
  server,
  canArchive,
  lang,
}: {
  shared: SharedCase;
  server: ReviewServerActions;
  canArchive: boolean;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = shared.current;
  if (!c) return null;
  const archive = (print: boolean) => {
    setBusy(true);
    setError(null);
    background(
      server.archive(c.parcelId, lang).then(
        async (summary) => {
          setBusy(false);
          if (print && !server.openArchived(summary.id)) setError(t('review.popupBlocked'));
          await shared.reload();
        },
        (err: Error) => (setBusy(false), setError(err.message)),
      ),
      'archiving a review report',
    );
  };
  return (
    <div data-testid="archived-reports">
      {canArchive && (
        <Space>
          <Button type="primary" loading={busy} onClick={() => archive(true)} data-testid="print-report">
            {t('review.printArchive')}
          </Button>
          <Button loading={busy} onClick={() => archive(false)} data-testid="archive-report">
            {t('review.archive')}
          </Button>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="archive-error" />}
      {c.reports.length > 0 && (
        <Typography.Title level={5} style={{ margin: '8px 0 2px' }}>
          {t('review.archived')}
        </Typography.Title>
      )}
      {[...c.reports].reverse().map((r) => (
        <ArchivedRow key={r.id} report={r} server={server} />
      ))}
    </div>
  );
}
