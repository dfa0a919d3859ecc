// Server mode: the history of the selected L3 grid (who changed it, when and how, from the shared log) with a button
// per edit that gives the grid back the state it had before that edit, as one more edit everyone receives.
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { background } from '../../core/util/background';
import type { SharedGridActions } from './SharedGridStatus';
import { time } from './ChangeLog';

type Entry = Awaited<ReturnType<SharedGridActions['history']>>[number];

export function CellHistory({ id, actions, disabled }: { id: string; actions: SharedGridActions; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<{ id: string; list: Entry[] } | null>(null);
  const load = () =>
    background(
      actions.history(id).then((list) => setEntries({ id, list })),
      `reading the history of ${id}`,
    );
  const shown = entries?.id === id ? entries.list : null;
  return (
    <div data-testid="cell-history" data-entries={shown?.length ?? -1}>
      <Button size="small" onClick={load} data-testid="cell-history-load">
        {t('gridEdit.shared.history')}
      </Button>
      {shown && shown.length === 0 && <Typography.Paragraph type="secondary">{t('gridEdit.logEmpty')}</Typography.Paragraph>}
      {shown && shown.length > 0 && (
        <ol className="cim-compact-list">
          {shown.map((e) => (
            <li key={e.version} data-version={e.version}>
              <Typography.Text type="secondary">
                v{e.version} · {time(Date.parse(e.at), i18n.language)} · {e.user ?? '—'}
              </Typography.Text>
              <div>{e.text}</div>
              <Button
                size="small"
                disabled={disabled}
                onClick={() => {
                  actions.restoreCell(id, e.version - 1);
                  setEntries(null);
                }}
                data-testid="cell-restore"
              >
                {t('gridEdit.shared.restore', { version: e.version - 1 })}
              </Button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
