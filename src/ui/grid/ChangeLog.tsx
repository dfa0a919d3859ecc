// The grid editor's change log: the newest 50 edits with who, when and the cells they changed. In server mode it is
// the shared grid's log (everyone's edits) and this editor's edits not yet sent.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state/react/useAppState';

const m2 = (v: number | null) => (v === null ? '—' : `${Math.round(v).toLocaleString()} m²`);
export const time = (ms: number, lang: string) => new Date(ms).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');

export function ChangeLog() {
  const { t, i18n } = useTranslation();
  const log = useAppState((s) => s.gridEdit.log);
  const cursor = useAppState((s) => s.gridEdit.cursor);
  return (
    <div data-testid="edit-log" data-cursor={cursor} data-entries={log.length}>
      <Typography.Text strong>{t('gridEdit.log')}</Typography.Text>
      {log.length === 0 && <Typography.Paragraph type="secondary">{t('gridEdit.logEmpty')}</Typography.Paragraph>}
      <ol className="cim-compact-list cim-edit-log" reversed>
        {[...log]
          .reverse()
          .slice(0, 50)
          .map((e) => (
            <li key={e.seq} className={e.seq >= cursor ? 'cim-undone' : undefined} data-who={e.who} data-pending={e.pending ? 1 : 0}>
              <Typography.Text type="secondary">
                {time(e.atMs, i18n.language)} · {e.who}
              </Typography.Text>
              {e.seq >= cursor && <Typography.Text type="warning"> · {t('gridEdit.undone')}</Typography.Text>}
              {e.pending && <Typography.Text type="warning"> · {t('gridEdit.shared.sending')}</Typography.Text>}
              <div title={e.text}>{t(`gridEdit.ops.${e.what.type}`, { ...e.what, defaultValue: e.text })}</div>
              {e.cells.slice(0, 3).map((c) =>
                c.beforeM2 === null && c.afterM2 === null ? null : (
                  <div key={c.id} className="cim-edit-area">
                    {c.id}: {t('gridEdit.before')} {m2(c.beforeM2)} → {t('gridEdit.after')} {m2(c.afterM2)}
                  </div>
                ),
              )}
            </li>
          ))}
      </ol>
    </div>
  );
}
