// The live feed's alarms, newest first: severity, sensor, value and time, with acknowledge and fly-to;
// and the connection's state and message counters.
import { Badge, Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import { useAppState } from '../../state/react/useAppState';
import { storedErrorText } from '../errorText';
import type { LiveAlarmRecord } from '../../state/store';
import { BrokerLogin } from './BrokerLogin';

const STATUS_BADGE: Record<string, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  live: 'success',
  connecting: 'processing',
  reconnecting: 'warning',
  offline: 'default',
  error: 'error',
  off: 'default',
  unauthorized: 'error',
};

const time = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour12: false });

export interface AlarmActions {
  acknowledge(alarmId: string): void;
  flyTo(thingId: string): void;
  /** Credentials for a broker that refused the connection. */
  login(username: string, password: string): void;
}

/** The list shows this many rows; the worker sends the most urgent few hundred and counts the rest. */
const ROWS = 50;

function AlarmRow({ a, actions }: { a: LiveAlarmRecord; actions: AlarmActions }) {
  const { t, i18n } = useTranslation();
  const type = sensorTypeStyle(a.type);
  const value = a.cause === 'silence' ? t('live.silent') : `${Number.isFinite(a.value) ? a.value.toFixed(2) : '—'} ${a.unit}`;
  return (
    <li
      className="cim-alarm"
      data-alarm={a.id}
      data-severity={a.severity}
      data-thing={a.thingId}
      data-acknowledged={a.acknowledgedAtMs !== null}
    >
      <div className="cim-review-row">
        <Tag color={a.severity === 'alarm' ? 'red' : 'orange'}>{t(`live.${a.severity}`)}</Tag>
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {i18n.language === 'en' ? type.nameEn : type.nameZh} · {a.name}
        </Typography.Text>
        <Typography.Text type="secondary">{time(a.raisedAtMs)}</Typography.Text>
      </div>
      <div className="cim-review-row">
        <Typography.Text>
          {value}
          {a.occurrences > 1 ? ` ×${a.occurrences}` : ''}
          {a.clearedAtMs !== null ? ` · ${t('live.cleared')}` : ''}
        </Typography.Text>
        <Space size={0}>
          {a.acknowledgedAtMs === null ? (
            <Button size="small" type="link" onClick={() => actions.acknowledge(a.id)} data-action="ack">
              {t('live.acknowledge')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('live.acknowledged')}</Typography.Text>
          )}
          <Button size="small" type="link" onClick={() => actions.flyTo(a.thingId)} data-action="fly">
            {t('grid.flyTo')}
          </Button>
        </Space>
      </div>
    </li>
  );
}

export function AlarmPanel({ actions }: { actions: AlarmActions }) {
  const { t } = useTranslation();
  const lang = useAppState((s) => s.lang);
  const live = useAppState((s) => s.live);
  if (live.status === 'off') return null;
  const open = live.alarms.filter((a) => a.clearedAtMs === null || a.acknowledgedAtMs === null);
  const total = live.alarmCounts?.total ?? open.length;
  const unacknowledged = live.alarmCounts?.unacknowledged ?? open.filter((a) => a.acknowledgedAtMs === null).length;
  const backfill = live.backfill;
  return (
    <Card
      size="small"
      className="cim-panel"
      data-testid="alarm-panel"
      title={
        <span>
          {t('live.title')} <Badge count={unacknowledged} overflowCount={9999} />
        </span>
      }
      extra={
        <Badge
          status={STATUS_BADGE[live.status]}
          text={
            <span data-testid="live-status" data-status={live.status}>
              {t(`live.status.${live.status}`)}
            </span>
          }
        />
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="live-counters">
        {t('live.counters', {
          accepted: live.accepted.toLocaleString(),
          rejected: live.rejected.toLocaleString(),
          duplicates: live.duplicates.toLocaleString(),
        })}
      </Typography.Text>
      {live.mayHaveMissed > 0 && (
        <div data-testid="live-missed">
          <Typography.Text type="warning">{t('live.missedCount', { count: live.mayHaveMissed })}</Typography.Text>
        </div>
      )}
      {live.error && (
        <div>
          <Typography.Text type="danger">{storedErrorText(live.error, live.errorData, lang, t)}</Typography.Text>
        </div>
      )}
      {backfill && backfill.state !== 'idle' && (
        <div data-testid="live-backfill" data-state={backfill.state} data-done={backfill.done}>
          <Typography.Text type={backfill.state === 'error' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {t(`live.backfill.${backfill.state}`, {
              done: backfill.done,
              datastreams: backfill.datastreams,
              added: backfill.added,
              failed: backfill.failed,
            })}
          </Typography.Text>
        </div>
      )}
      {live.grids.length > 0 && (
        <table className="cim-area-table" data-testid="grid-alarms">
          <thead>
            <tr>
              <th>{t('live.grid')}</th>
              <th>{t('live.online')}</th>
              <th>{t('live.alarm')}</th>
              <th>{t('live.warning')}</th>
            </tr>
          </thead>
          <tbody>
            {live.grids.map((g) => (
              <tr key={g.id} data-grid={g.id} data-alarm={g.alarm}>
                <td>{g.name}</td>
                <td>
                  {g.online}/{g.sensors}
                </td>
                <td>{g.alarm ? <Badge count={g.alarm} size="small" /> : 0}</td>
                <td>{g.warning ? <Badge count={g.warning} size="small" color="orange" /> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('live.noAlarms')}</Typography.Text>
        </div>
      ) : (
        <ol className="cim-alarms" data-testid="alarm-list">
          {open.slice(0, ROWS).map((a) => (
            <AlarmRow key={a.id} a={a} actions={actions} />
          ))}
        </ol>
      )}
      {total > Math.min(ROWS, open.length) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="alarm-more">
          {t('live.more', {
            shown: Math.min(ROWS, open.length),
            total,
            alarm: live.alarmCounts?.alarm ?? 0,
            silence: live.alarmCounts?.silence ?? 0,
          })}
        </Typography.Text>
      )}
      <BrokerLogin onLogin={actions.login} />
    </Card>
  );
}
