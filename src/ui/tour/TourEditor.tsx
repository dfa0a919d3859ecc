// Tour authoring: capture the current view as a keyframe, reorder, edit flight/hold/easing/captions, delete,
// preview from any keyframe, save in the browser (IndexedDB) or, in server mode, on the server for every desk and
// wall (only roles that may edit tours see save and delete; a tour changed by someone else meanwhile is not
// overwritten: the editor says so and offers the server's version), export and import JSON (checked against the
// schema, the field at fault named).
import { Alert, Button, Card, Input, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTour, validateTour } from '../../core/tour/tourSchema';
import { errorText } from '../errorText';
import type { Tour, TourCamera, TourKeyframe } from '../../core/tour/types';
import { useAppState } from '../../state/react/useAppState';
import { background } from '../../core/util/background';
import { may } from '../../core/access/roles';
import { KeyframeRow } from './KeyframeRow';

/** A tour saved by the user: in this browser, or on the server (with who saved it last). */
export interface SavedTourEntry {
  id: string;
  savedAtMs: number;
  title?: { zh?: string; en?: string };
  updatedBy?: string;
}

/** A save refused because the server's tour changed since this page read it (412) or exists unread (428). */
function isConflict(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return status === 412 || status === 428;
}

/** What the editor needs from the page (the app implements it over the viewer, the tour session and the tour library). */
export interface TourEditorActions {
  capture(): TourCamera | null;
  play(tour: Tour, fromKeyframe: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  save(tour: Tour): Promise<void>;
  saved(): Promise<SavedTourEntry[]>;
  removeSaved(id: string): Promise<void>;
  open(id: string): Promise<Tour>;
}

/** How often the editor lists the server's tours again (other desks save there too). */
const SERVER_LIST_POLL_MS = 15_000;

const blank = (): Tour => ({
  version: 1,
  id: `tour-${new Date().toISOString().slice(0, 10)}`,
  title: { zh: '新漫游路线', en: 'New tour' },
  loop: true,
  keyframes: [],
});

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function TourEditor({ actions }: { actions: TourEditorActions }) {
  const { t, i18n } = useTranslation();
  const [tour, setTour] = useState<Tour>(blank);
  // The error itself, worded when shown, so it follows the page's language; `file` when an import failed.
  const [error, setError] = useState<{ err: unknown; file?: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedTourEntry[]>([]);
  /** The id of a tour whose save was refused because the server's copy changed: offered for reloading. */
  const [conflict, setConflict] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const phase = useAppState((s) => s.tour.phase);
  const cityTours = useAppState((s) => s.manifest?.tours) ?? [];
  const lang = useAppState((s) => s.lang);
  const en = i18n.language === 'en';
  const onServer = useAppState((s) => s.session.mode === 'server');
  // Static mode saves in this browser as ever; on a server only the roles that may edit tours.
  const canEdit = useAppState((s) => s.session.mode !== 'server' || may(s.session.user, 'edit-tours'));
  const userName = useAppState((s) => s.session.user?.name ?? null);

  const refresh = useCallback(
    () =>
      background(
        actions.saved().then(setSaved, (err: unknown) => setError({ err })),
        'listing the saved tours',
      ),
    [actions],
  );
  // Listed again when the session's mode is known, when another user signs in, and now and then on a server, whose
  // list other desks change.
  useEffect(() => {
    refresh();
    if (!onServer) return;
    const timer = setInterval(refresh, SERVER_LIST_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, onServer, userName]);
  const open = (id: string) =>
    background(
      actions.open(id).then(
        (t2) => (load(t2), setConflict(null)),
        (err: unknown) => setError({ err }),
      ),
      'opening a tour',
    );

  const setKeyframes = (keyframes: TourKeyframe[]) => setTour((x) => ({ ...x, keyframes }));
  const edit = (k: number, patch: Partial<TourKeyframe>) =>
    setKeyframes(tour.keyframes.map((kf, i) => (i === k ? { ...kf, ...patch } : kf)));
  const move = (k: number, by: -1 | 1) => {
    const next = tour.keyframes.slice();
    [next[k], next[k + by]] = [next[k + by], next[k]];
    setKeyframes(next);
  };
  /** The draft checked against the schema; shows what is wrong instead of throwing. */
  const checked = (): Tour | null => {
    try {
      setError(null);
      return validateTour(tour, tour.id || 'tour');
    } catch (err) {
      setError({ err });
      return null;
    }
  };
  const play = (k: number) => {
    const valid = checked();
    if (valid) actions.play(valid, k);
  };
  const load = (t2: Tour) => {
    setTour(t2);
    setError(null);
  };

  return (
    <Card size="small" className="cim-panel" title={t('tour.title')} data-testid="tour-editor">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={4} wrap>
          <Space.Compact size="small" style={{ width: 200 }}>
            <Space.Addon>{t('tour.id')}</Space.Addon>
            <Input value={tour.id} onChange={(e) => setTour({ ...tour, id: e.target.value })} data-field="id" />
          </Space.Compact>
          <Space.Compact size="small" style={{ width: 200 }}>
            <Space.Addon>{t('tour.name')}</Space.Addon>
            <Input
              data-field="name"
              value={en ? tour.title.en : tour.title.zh}
              onChange={(e) =>
                setTour({ ...tour, title: en ? { ...tour.title, en: e.target.value } : { ...tour.title, zh: e.target.value } })
              }
            />
          </Space.Compact>
          <span>
            {t('tour.loop')} <Switch size="small" checked={tour.loop} onChange={(loop) => setTour({ ...tour, loop })} />
          </span>
        </Space>
        <Space size={4} wrap>
          <Button
            size="small"
            type="primary"
            data-action="capture"
            onClick={() => {
              const camera = actions.capture();
              if (camera)
                setKeyframes([...tour.keyframes, { camera, durationS: tour.keyframes.length ? 6 : 0, holdS: 2, easing: 'easeInOut' }]);
            }}
          >
            {t('tour.capture')}
          </Button>
          <Button size="small" disabled={!tour.keyframes.length} onClick={() => play(0)} data-action="play">
            {t('tour.play')}
          </Button>
          {phase === 'playing' && (
            <Button size="small" onClick={actions.pause} data-action="pause">
              {t('tour.pause')}
            </Button>
          )}
          {phase === 'paused' && (
            <Button size="small" onClick={actions.resume} data-action="resume">
              {t('tour.resume')}
            </Button>
          )}
          {phase !== 'idle' && (
            <Button size="small" onClick={actions.stop} data-action="stop">
              {t('tour.stop')}
            </Button>
          )}
          <Button size="small" onClick={() => load(blank())}>
            {t('tour.newTour')}
          </Button>
        </Space>
        <Space size={4} wrap>
          {canEdit && (
            <Button
              size="small"
              disabled={!tour.keyframes.length}
              data-action="save"
              onClick={() => {
                const valid = checked();
                if (valid)
                  background(
                    actions.save(valid).then(
                      () => (setNotice(t('tour.saved')), setConflict(null), refresh()),
                      (err: unknown) => (isConflict(err) ? setConflict(valid.id) : setError({ err })),
                    ),
                    'saving a tour',
                  );
              }}
            >
              {onServer ? t('tour.saveServer') : t('tour.save')}
            </Button>
          )}
          <Button
            size="small"
            disabled={!tour.keyframes.length}
            data-action="export"
            onClick={() => {
              const valid = checked();
              if (valid) download(`${valid.id}.tour.json`, JSON.stringify(valid, null, 2));
            }}
          >
            {t('tour.exportJson')}
          </Button>
          <Button size="small" onClick={() => input.current?.click()} data-action="import">
            {t('tour.importJson')}
          </Button>
          <input
            ref={input}
            type="file"
            accept=".json"
            style={{ display: 'none' }}
            data-testid="tour-import-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              background(
                file
                  .text()
                  .then((text) => load(parseTour(text, file.name)))
                  .catch((err: unknown) => setError({ err, file: file.name })),
                'importing a tour file',
              );
            }}
          />
        </Space>
        {error && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setError(null)}
            title={
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="tour-error">
                {error.file && `${t('tour.importFailed', { name: error.file })}\n`}
                {errorText(error.err, lang, t)}
              </span>
            }
          />
        )}
        {conflict && (
          <Alert
            type="warning"
            showIcon
            closable
            onClose={() => setConflict(null)}
            data-testid="tour-conflict"
            title={t('tour.conflict', { id: conflict })}
            action={
              <Button size="small" onClick={() => open(conflict)} data-action="reload">
                {t('tour.reload')}
              </Button>
            }
          />
        )}
        {notice && <Alert type="success" showIcon closable onClose={() => setNotice(null)} title={notice} />}
        {tour.keyframes.length === 0 ? (
          <Typography.Text type="secondary">{t('tour.empty')}</Typography.Text>
        ) : (
          <ol className="cim-tour-kfs" data-testid="tour-keyframes">
            {tour.keyframes.map((kf, k) => (
              <KeyframeRow
                key={k}
                kf={kf}
                k={k}
                n={tour.keyframes.length}
                edit={(p) => edit(k, p)}
                move={(by) => move(k, by)}
                remove={() => setKeyframes(tour.keyframes.filter((_, i) => i !== k))}
                preview={() => play(k)}
              />
            ))}
          </ol>
        )}
        {(cityTours.length > 0 || saved.length > 0) && (
          <div style={{ fontSize: 12 }}>
            {cityTours.map((c) => (
              <div key={`city-${c.id}`} className="cim-review-row">
                <span>
                  {t('tour.city_tours')}: {en ? c.nameEn : c.nameZh}
                </span>
                <Button size="small" type="link" onClick={() => open(c.id)} data-open={c.id}>
                  {t('tour.open')}
                </Button>
              </div>
            ))}
            {saved.map((s) => (
              <div key={`saved-${s.id}`} className="cim-review-row" data-saved={s.id} data-updated-by={s.updatedBy}>
                <span>
                  {onServer ? t('tour.server_tours') : t('tour.saved_tours')}: {s.id}
                  {s.updatedBy ? ` (${s.updatedBy})` : ''}
                </span>
                <Button size="small" type="link" onClick={() => open(s.id)} data-action="open-saved">
                  {t('tour.open')}
                </Button>
                {canEdit && (
                  <Button
                    size="small"
                    type="link"
                    danger
                    onClick={() =>
                      background(
                        actions.removeSaved(s.id).then(refresh, (err: unknown) => setError({ err })),
                        'removing a saved tour',
                      )
                    }
                    data-action="remove-saved"
                  >
                    {t('tour.remove')}
                  </Button>
                )}
              </div>
            ))}
          </div>
        )}
      </Space>
    </Card>
  );
}
