// Server mode's state of the shared grid in the editor's panel: its version and whether live edits arrive, this
// editor's edits waiting to be sent (offline), and an edit the server did not take: a conflict with whose edits came
// first (rebase or drop), an edit outside the editor's grids, or one the grid's checks refused.
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SharedGridState } from '../../state/slices/gridEdit';
import { time } from './ChangeLog';

export interface SharedGridActions {
  rebase(): void;
  dropConflict(): void;
  /** The edits that changed grid `id`, newest first. */
  history(id: string): Promise<{ version: number; user: string | null; at: string; text: string }[]>;
  /** Gives L3 cell `id` back its state at `version` (one more edit). */
  restoreCell(id: string, version: number): void;
}

export function SharedGridStatus({ shared, actions }: { shared: SharedGridState; actions: SharedGridActions }) {
  const { t, i18n } = useTranslation();
  const c = shared.conflict;
  const cells = c?.cells.join(', ') ?? '';
  return (
    <Space
      orientation="vertical"
      size={4}
      style={{ width: '100%' }}
      data-testid="shared-grid"
      data-version={shared.version}
      data-connected={shared.connected ? 1 : 0}
      data-pending={shared.pending}
    >
      <Typography.Text type="secondary">
        {t('gridEdit.shared.version', { version: shared.version })} ·{' '}
        {shared.connected ? t('gridEdit.shared.live') : t('gridEdit.shared.offline')}
        {shared.pending > 0 && ` · ${t('gridEdit.shared.pending', { count: shared.pending })}`}
      </Typography.Text>
      {shared.waiting && (
        <Alert type="warning" data-testid="shared-waiting" title={t('gridEdit.shared.waiting', { message: shared.waiting })} />
      )}
      {c && (
        <Alert
          type={c.kind === 'conflict' ? 'warning' : 'error'}
          data-testid="shared-conflict"
          data-kind={c.kind}
          title={
            c.kind === 'conflict'
              ? t('gridEdit.shared.conflict', { text: c.text, cells })
              : c.kind === 'forbidden'
                ? t('gridEdit.shared.forbidden', { text: c.text, cells })
                : t('gridEdit.shared.refused', { text: c.text, message: c.problem?.message ?? '' })
          }
          description={
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              {c.since.length > 0 && (
                <ul className="cim-compact-list">
                  {c.since.map((e) => (
                    <li key={e.version} data-testid="conflict-by">
                      {t('gridEdit.shared.by', { user: e.user ?? '—', time: time(Date.parse(e.at), i18n.language), text: e.text })}
                    </li>
                  ))}
                </ul>
              )}
              <Space wrap size={4}>
                {c.kind === 'conflict' && c.wire != null && (
                  <Button size="small" type="primary" onClick={actions.rebase} data-testid="conflict-rebase">
                    {t('gridEdit.shared.rebase')}
                  </Button>
                )}
                <Button size="small" onClick={actions.dropConflict} data-testid="conflict-drop">
                  {t('gridEdit.shared.drop')}
                </Button>
              </Space>
            </Space>
          }
        />
      )}
    </Space>
  );
}
