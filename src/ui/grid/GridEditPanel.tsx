// Grid mode's editing tools: the tool bar, undo/redo, the 2D view, the cell being edited (rename, move
// to another level-2 grid), what the last edit did to building assignments, the change log, export and
// import. Read-only tabs and roles see the state but not the tools.
import { Alert, Button, Card, Descriptions, Input, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppState, useDeferredAppState } from '../../state/react/useAppState';
import { Staged } from '../Staged';
import { CellHistory } from './CellHistory';
import { ChangeLog } from './ChangeLog';
import { SharedGridStatus, type SharedGridActions } from './SharedGridStatus';
import { problemText } from '../../core/grid/problemText';
import type { EditRefusal, GridEditState, GridTool } from '../../state/slices/gridEdit';
import { gridEditBlock, gridEditingOn, type GridEditBlock, type SessionState } from '../../state/slices/session';
import type { Lang } from '../../state/urlState';

export interface GridEditActions extends SharedGridActions {
  undo(): void;
  redo(): void;
  rename(id: string, name: string): void;
  moveToParent(cell: string, parentId: string): void;
  parents(): { id: string; name: string }[];
  flyTo(lonLat: [number, number]): void;
  flyToBuilding(index: number): void;
  setTool(tool: GridTool): void;
  setView2d(on: boolean): void;
  setSnapRoads(on: boolean): void;
  setWho(name: string): void;
  cancel(): void;
  retry(): void;
  exportGrid(): void;
  exportLog(): void;
  chooseImport(file: File): void;
  confirmImport(): void;
  cancelImport(): void;
  startOver(): void;
}

const READ_ONLY_TEXT = {
  role: 'gridEdit.readOnlyRole',
  'other-tab': 'gridEdit.readOnlyTab',
  'sign-in': 'gridEdit.readOnlySignIn',
} as const satisfies Record<NonNullable<GridEditBlock>, string>;

const TOOLS: GridTool[] = ['select', 'insert', 'delete', 'split', 'merge'];
const m2 = (v: number | null) => (v === null ? '—' : `${Math.round(v).toLocaleString()} m²`);

/** Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) and Esc, unless typing in a field. */
function useEditKeys(actions: GridEditActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && key === 'z' && !e.shiftKey) actions.undo();
      else if ((e.ctrlKey || e.metaKey) && (key === 'y' || (key === 'z' && e.shiftKey))) actions.redo();
      else if (key === 'escape') actions.cancel();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, enabled]);
}

function CellEditor({ actions, disabled }: { actions: GridEditActions; disabled: boolean }) {
  const { t } = useTranslation();
  const cell = useAppState((s) => s.gridEdit.cell);
  const [name, setName] = useState('');
  const [parent, setParent] = useState<string | null>(null);
  useEffect(() => {
    setName(cell?.name ?? '');
    setParent(cell?.parentId ?? null);
  }, [cell?.id, cell?.name, cell?.parentId]);
  if (!cell) return null;
  return (
    <Descriptions size="small" column={1} bordered data-testid="edit-cell">
      <Descriptions.Item label={t('gridEdit.cell')}>
        <span data-stat="cell-id">{cell.id}</span> · {cell.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('gridEdit.area')}>
        <span data-stat="cell-area">{m2(cell.areaM2)}</span>
      </Descriptions.Item>
      {!disabled && (
        <Descriptions.Item label={t('gridEdit.rename')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input size="small" value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
            <Button size="small" disabled={!name.trim() || name === cell.name} onClick={() => actions.rename(cell.id, name.trim())}>
              {t('gridEdit.apply')}
            </Button>
          </Space.Compact>
        </Descriptions.Item>
      )}
      {!disabled && (
        <Descriptions.Item label={t('gridEdit.moveTo')}>
          <Space.Compact style={{ width: '100%' }}>
            <Select
              size="small"
              showSearch
              style={{ minWidth: 150 }}
              value={parent}
              onChange={setParent}
              options={actions.parents().map((p) => ({ value: p.id, label: `${p.id} ${p.name}` }))}
            />
            <Button
              size="small"
              disabled={!parent || parent === cell.parentId}
              onClick={() => parent && actions.moveToParent(cell.id, parent)}
            >
              {t('gridEdit.apply')}
            </Button>
          </Space.Compact>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function MovedBuildings({ actions }: { actions: GridEditActions }) {
  const { t } = useTranslation();
  const moved = useAppState((s) => s.gridEdit.lastMoved);
  if (!moved) return null;
  return (
    <div data-testid="moved-buildings" data-count={moved.count}>
      <Typography.Text strong>{moved.count ? t('gridEdit.moved', { count: moved.count }) : t('gridEdit.movedNone')}</Typography.Text>
      <ul className="cim-compact-list">
        {moved.list.slice(0, 12).map((m) => (
          <li key={m.building}>
            <Typography.Link onClick={() => actions.flyToBuilding(m.building)}>{m.id}</Typography.Link>: {m.from ?? t('gridEdit.outside')} →{' '}
            {m.to ?? t('gridEdit.outside')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImportConfirm({ actions }: { actions: GridEditActions }) {
  const { t } = useTranslation();
  const candidate = useAppState((s) => s.gridEdit.importCandidate);
  const edits = useAppState((s) => s.gridEdit.cursor);
  const lang = useAppState((s) => s.lang);
  return (
    <Modal
      open={candidate !== null}
      title={t('gridEdit.importTitle')}
      okText={t('gridEdit.importOk')}
      cancelText={t('gridEdit.cancel')}
      onOk={actions.confirmImport}
      onCancel={actions.cancelImport}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'import-confirm' } as Record<string, string>) }}
    >
      {candidate && (
        <p>{t('gridEdit.importBody', { name: candidate.name, cells: candidate.cells, problems: candidate.problems.length, edits })}</p>
      )}
      {candidate?.problems.slice(0, 5).map((p, i) => (
        <Typography.Paragraph key={i} type="warning">
          {p.type}: {problemText(p, lang)}
        </Typography.Paragraph>
      ))}
    </Modal>
  );
}

function Problems({ actions }: { actions: GridEditActions }) {
  const { t } = useTranslation();
  const problems = useAppState((s) => s.gridEdit.problems);
  const lang = useAppState((s) => s.lang);
  if (problems.length === 0)
    return (
      <Typography.Text type="success" data-testid="grid-problems" data-count={0}>
        {t('gridEdit.noProblems')}
      </Typography.Text>
    );
  return (
    <div data-testid="grid-problems" data-count={problems.length}>
      <Typography.Text type="danger">{t('gridEdit.problems', { count: problems.length })}</Typography.Text>
      <ul className="cim-compact-list">
        {problems.slice(0, 20).map((p, i) => (
          <li key={i}>
            {p.location ? <Typography.Link onClick={() => actions.flyTo(p.location!)}>{p.type}</Typography.Link> : p.type}:{' '}
            {problemText(p, lang)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The editor's name: a text field reads the store directly (a deferred value would lag the typing). */
function WhoInput({ actions }: { actions: GridEditActions }) {
  const { t } = useTranslation();
  const who = useAppState((s) => s.gridEdit.who);
  return (
    <Input
      size="small"
      style={{ width: 150 }}
      prefix={`${t('gridEdit.who')}:`}
      placeholder={t('gridEdit.whoPlaceholder')}
      value={who}
      onChange={(e) => actions.setWho(e.target.value)}
    />
  );
}

/** The editor's panel; its state changes render as transitions (the whole panel is heavy to render). */
/** A refusal in the page's language: every kind has its string (strings/gridEdit.ts types `refusal` by kind). */
function refusalText(r: EditRefusal, t: TFunction, lang: Lang): string {
  const key = `gridEdit.refusal.${r.kind}` as const;
  if (r.kind === 'problem') return t(key, { message: problemText(r.params.problem, lang) });
  if (r.kind === 'failed') return t(key, { message: r.params.message });
  return t(key);
}

export function GridEditPanel({ actions }: { actions: GridEditActions }) {
  const edit = useDeferredAppState((s) => s.gridEdit);
  const session = useDeferredAppState((s) => s.session);
  return <GridEditView edit={edit} session={session} actions={actions} />;
}

const GridEditView = memo(function GridEditView({
  edit,
  session,
  actions,
}: {
  edit: GridEditState;
  session: SessionState;
  actions: GridEditActions;
}) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const block = gridEditBlock({ session, gridEdit: edit });
  const canEdit = gridEditingOn({ session, gridEdit: edit });
  useEditKeys(actions, canEdit);
  const lang = useAppState((s) => s.lang);
  if (edit.phase === 'off') return null;
  const refused = edit.refused && refusalText(edit.refused, t, lang);
  return (
    <Card
      size="small"
      className="cim-panel"
      title={t('gridEdit.title')}
      data-testid="grid-edit-panel"
      data-phase={edit.phase}
      data-readonly={block ?? ''}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {edit.phase === 'loading' && <Typography.Text type="secondary">{t('gridEdit.loading')}</Typography.Text>}
        {edit.phase === 'error' && (
          <Alert
            type="error"
            title={edit.error === 'journal-mismatch' ? t('gridEdit.mismatch') : t('errors.unexpected', { error: edit.error ?? '' })}
            action={
              edit.error === 'journal-mismatch' ? (
                <Button size="small" onClick={actions.startOver}>
                  {t('gridEdit.startOver')}
                </Button>
              ) : undefined
            }
          />
        )}
        {block && <Alert type="info" data-testid="read-only" title={t(READ_ONLY_TEXT[block])} />}
        {!block && session.user?.role === 'grid-manager' && (
          <Typography.Text type="secondary" data-testid="edit-scope">
            {t('gridEdit.scope', { grids: session.user.scope.join(', ') })}
          </Typography.Text>
        )}
        {edit.paused && (
          <Alert
            type="error"
            data-testid="edit-paused"
            title={t('gridEdit.paused', { message: edit.paused })}
            action={
              <Button size="small" onClick={actions.retry}>
                {t('gridEdit.retry')}
              </Button>
            }
          />
        )}
        {edit.shared && <SharedGridStatus shared={edit.shared} actions={actions} />}
        {edit.restored > 0 && !edit.shared && (
          <Typography.Text type="secondary" data-testid="edits-restored">
            {t('gridEdit.restored', { count: edit.restored })}
          </Typography.Text>
        )}
        {block === null && edit.phase === 'ready' && (
          <Staged>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Radio.Group
                size="small"
                optionType="button"
                buttonStyle="solid"
                value={edit.tool}
                onChange={(e) => actions.setTool(e.target.value as GridTool)}
                options={TOOLS.map((tool) => ({ value: tool, label: t(`gridEdit.tools.${tool}`) }))}
                style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}
                data-testid="edit-tool"
              />
              <Typography.Text type="secondary">{t(`gridEdit.hints.${edit.tool}`)}</Typography.Text>
              <Space wrap>
                <Button
                  size="small"
                  disabled={!canEdit || (edit.shared ? !edit.shared.canUndo : edit.cursor === 0)}
                  onClick={actions.undo}
                  data-testid="undo"
                >
                  {t('gridEdit.undo')}
                </Button>
                <Button
                  size="small"
                  disabled={!canEdit || (edit.shared ? !edit.shared.canRedo : edit.cursor >= edit.log.length)}
                  onClick={actions.redo}
                  data-testid="redo"
                >
                  {t('gridEdit.redo')}
                </Button>
                {!edit.shared && <WhoInput actions={actions} />}
              </Space>
            </Space>
          </Staged>
        )}
        <Staged>
          <Space>
            <Switch size="small" checked={edit.view2d} onChange={actions.setView2d} data-testid="view-2d" />
            <Typography.Text>{t('gridEdit.view2d')}</Typography.Text>
            {canEdit && <Switch size="small" checked={edit.snapRoads} onChange={actions.setSnapRoads} data-testid="snap-roads" />}
            {canEdit && <Typography.Text>{t('gridEdit.snapRoads')}</Typography.Text>}
          </Space>
        </Staged>
        {refused && <Alert type="warning" closable data-testid="edit-refused" title={refused} />}
        <Staged>
          <CellEditor actions={actions} disabled={!canEdit} />
          {edit.shared && edit.cell && <CellHistory id={edit.cell.id} actions={actions} disabled={!canEdit} />}
        </Staged>
        <Staged>
          <MovedBuildings actions={actions} />
        </Staged>
        <Staged>
          <Problems actions={actions} />
        </Staged>
        <Staged>
          <ChangeLog />
        </Staged>
        <Staged>
          <Space wrap>
            <Button size="small" onClick={actions.exportGrid} data-testid="export-grid">
              {t('gridEdit.exportGrid')}
            </Button>
            <Button size="small" onClick={actions.exportLog}>
              {t('gridEdit.exportLog')}
            </Button>
            {canEdit && !edit.shared && (
              <>
                <Button size="small" onClick={() => fileInput.current?.click()}>
                  {t('gridEdit.import')}
                </Button>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".geojson,.json,.fgb"
                  hidden
                  data-testid="import-grid"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) actions.chooseImport(file);
                    e.target.value = '';
                  }}
                />
              </>
            )}
          </Space>
        </Staged>
      </Space>
      {edit.importCandidate && <ImportConfirm actions={actions} />}
    </Card>
  );
});
