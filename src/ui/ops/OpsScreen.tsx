// The operations-centre big screen over the full-bleed 3D scene: KPI tiles, alarms by type, the per-L1-grid
// summary, the clock, the tour's caption and stop, and the alarm ticker. Sized in vw so a 3840×2160 wall and a
// 1920×1080 screen show the same layout; nothing needs a mouse.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sensorTypeStyle } from '../../core/sensors/sensorTypes';
import { useAppState } from '../../state/react/useAppState';
import { errorText } from '../errorText';
import './ops.css';

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const lang = useAppState((s) => s.lang);
  return (
    <div className="cim-ops-clock" data-testid="ops-clock">
      <div className="cim-ops-time">{now.toLocaleTimeString('en-GB', { hour12: false })}</div>
      <div className="cim-ops-date">
        {now.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })}
      </div>
    </div>
  );
}

function Tile({ label, value, tone, testId }: { label: string; value: string; tone?: 'alarm' | 'ok'; testId: string }) {
  return (
    <div className={`cim-ops-tile ${tone ? `cim-ops-${tone}` : ''}`} data-testid={testId}>
      <div className="cim-ops-tile-value">{value}</div>
      <div className="cim-ops-tile-label">{label}</div>
    </div>
  );
}

export function OpsScreen() {
  const { t, i18n } = useTranslation();
  const lang = useAppState((s) => s.lang);
  const manifest = useAppState((s) => s.manifest);
  const buildings = useAppState((s) => s.counts.buildings ?? 0);
  const live = useAppState((s) => s.live);
  const tour = useAppState((s) => s.tour);
  const recoveries = useAppState((s) => s.ops.recoveries);
  const en = i18n.language === 'en';
  const fmt = (n: number) => n.toLocaleString(en ? 'en-US' : 'zh-CN');

  const sensors = manifest?.counts.sensors ?? 0;
  const gridSensors = live.grids.reduce((a, g) => a + g.sensors, 0);
  const online = live.grids.reduce((a, g) => a + g.online, 0);
  const open = live.alarms.filter((a) => a.clearedAtMs === null);
  const byType = new Map<string, number>();
  for (const a of open) if (a.severity === 'alarm') byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
  const alarms = open.filter((a) => a.severity === 'alarm').length;
  const c = manifest?.counts;
  const title = manifest?.tours?.find((x) => x.id === tour.id);
  const caption = tour.caption ? (en ? tour.caption.en : tour.caption.zh) : null;
  const status =
    tour.phase === 'paused'
      ? tour.pausedFor === 'alarm'
        ? t('ops.pausedForAlarm')
        : t('ops.paused')
      : tour.phase === 'playing'
        ? t('ops.playing')
        : tour.phase === 'loading'
          ? t('ops.loading')
          : '';

  return (
    <div className="cim-ops" data-testid="ops-screen">
      <header className="cim-ops-header">
        <div className="cim-ops-title">{t('ops.title')}</div>
        <div className="cim-ops-tour" data-testid="ops-tour" data-phase={tour.phase} data-keyframe={tour.keyframe}>
          {title ? (en ? title.nameEn : title.nameZh) : tour.id}
          {tour.keyframes > 0 && (
            <span className="cim-ops-stop">
              {' '}
              · {t('ops.keyframe', { k: tour.keyframe + 1, n: tour.keyframes })} · {status}
            </span>
          )}
        </div>
        <Clock />
      </header>
      <aside className="cim-ops-left">
        <Tile testId="kpi-buildings" label={t('ops.buildings')} value={fmt(buildings)} />
        <Tile testId="kpi-grids" label={t('ops.grids')} value={c ? `${fmt(c.gridsL1)} / ${fmt(c.gridsL2)} / ${fmt(c.gridsL3)}` : '—'} />
        <Tile
          testId="kpi-online"
          label={t('ops.sensorsOnline')}
          value={live.status === 'off' ? `— / ${fmt(sensors)}` : `${fmt(online)} / ${fmt(gridSensors || sensors)}`}
          tone={live.status === 'live' ? 'ok' : undefined}
        />
        <Tile testId="kpi-alarms" label={t('ops.activeAlarms')} value={fmt(alarms)} tone={alarms ? 'alarm' : 'ok'} />
        <ul className="cim-ops-types" data-testid="alarms-by-type">
          {[...byType]
            .sort((a, b) => b[1] - a[1])
            .map(([type, n]) => {
              const style = sensorTypeStyle(type);
              return (
                <li key={type} data-type={type}>
                  <span className="cim-ops-dot" style={{ background: `rgb(${style.rgb.join(',')})` }} />
                  {en ? style.nameEn : style.nameZh}
                  <b>{n}</b>
                </li>
              );
            })}
          {byType.size === 0 && <li className="cim-ops-quiet">{live.status === 'off' ? t('ops.noLive') : t('ops.noAlarms')}</li>}
        </ul>
      </aside>
      <aside className="cim-ops-right">
        <div className="cim-ops-panel-title">{t('ops.byGrid')}</div>
        <table className="cim-ops-grids" data-testid="ops-grids">
          <thead>
            <tr>
              <th>{t('ops.grid')}</th>
              <th>{t('ops.online')}</th>
              <th>{t('ops.alarm')}</th>
              <th>{t('ops.warning')}</th>
            </tr>
          </thead>
          <tbody>
            {live.grids.map((g) => (
              <tr key={g.id} data-grid={g.id} className={g.alarm ? 'cim-ops-alarm' : ''}>
                <td>{g.name}</td>
                <td>
                  {fmt(g.online)}/{fmt(g.sensors)}
                </td>
                <td>{g.alarm}</td>
                <td>{g.warning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {live.grids.length === 0 && <div className="cim-ops-quiet">{t('ops.noLive')}</div>}
        {recoveries > 0 && (
          <div className="cim-ops-quiet" data-testid="ops-recovered">
            {t('ops.recovered', { count: recoveries })}
          </div>
        )}
      </aside>
      {tour.phase === 'error' && (
        <div className="cim-ops-caption cim-ops-error" data-testid="ops-tour-error">
          {t('ops.tourError')}: {tour.errorData ? errorText(tour.errorData, lang, t) : tour.error}
        </div>
      )}
      {caption && (
        <div className="cim-ops-caption" data-testid="ops-caption">
          {caption}
        </div>
      )}
      <footer className="cim-ops-ticker" data-testid="ops-ticker">
        {open.length === 0 ? (
          <span className="cim-ops-quiet">{live.status === 'off' ? t('ops.noLive') : t('ops.noAlarms')}</span>
        ) : (
          <div className="cim-ops-ticker-track" style={{ animationDuration: `${Math.max(20, open.length * 6)}s` }}>
            {open.slice(0, 40).map((a) => (
              <span key={a.id} className={`cim-ops-ticker-item cim-ops-${a.severity}`} data-thing={a.thingId}>
                {new Date(a.raisedAtMs).toLocaleTimeString('en-GB', { hour12: false })} ·{' '}
                {en ? sensorTypeStyle(a.type).nameEn : sensorTypeStyle(a.type).nameZh} · {a.name} ·{' '}
                {a.cause === 'silence' ? t('live.silent') : `${Number.isFinite(a.value) ? a.value.toFixed(1) : '—'} ${a.unit}`}
              </span>
            ))}
          </div>
        )}
      </footer>
    </div>
  );
}
