// The selected sensor's recent values, one sparkline per datastream with its warning and alarm levels,
// refreshed while it stays selected and the live feed runs.
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state/react/useAppState';
import type { SensorSeries } from '../../core/sensors/series';
import { background } from '../../core/util/background';

echarts.use([LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const REFRESH_MS = 2000;

function Sparkline({ h }: { h: SensorSeries }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current, undefined, { renderer: 'canvas' });
    return () => chart.current?.dispose();
  }, []);
  useEffect(() => {
    const levels = [
      ['alarm', h.alarmHigh, '#ff1f1f'],
      ['warning', h.warningHigh, '#fa8c16'],
      ['warning', h.warningLow, '#fa8c16'],
      ['alarm', h.alarmLow, '#ff1f1f'],
    ].filter(([, v]) => Number.isFinite(v as number)) as [string, number, string][];
    chart.current?.setOption({
      animation: false,
      grid: { left: 40, right: 8, top: 6, bottom: 18 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { fontSize: 9 } },
      yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 9 } },
      series: [
        {
          type: 'line',
          showSymbol: false,
          data: Array.from(h.timeMs, (t, k) => [t, h.value[k]]),
          markLine: {
            symbol: 'none',
            silent: true,
            data: levels.map(([, v, c]) => ({ yAxis: v, lineStyle: { color: c, type: 'dashed' } })),
          },
        },
      ],
    });
  }, [h]);
  return <div ref={el} style={{ width: '100%', height: 90 }} data-datastream={h.datastreamId} data-samples={h.timeMs.length} />;
}

export function SensorDetail({
  thingIdOf,
  history,
}: {
  thingIdOf: (index: number) => string | undefined;
  history: (thingId: string) => Promise<SensorSeries[]>;
}) {
  const { t } = useTranslation();
  const selection = useAppState((s) => s.selection);
  const live = useAppState((s) => s.live.status !== 'off');
  const thingId = selection?.layer === 'sensors' ? thingIdOf(selection.index) : undefined;
  const [series, setSeries] = useState<SensorSeries[]>([]);
  useEffect(() => {
    if (!live || !thingId) return setSeries([]);
    let alive = true;
    const load = () =>
      background(
        history(thingId).then((h) => alive && setSeries(h)),
        'the sensor history',
      );
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [live, thingId, history]);
  if (!live || !thingId || series.length === 0) return null;
  return (
    <Card size="small" className="cim-panel" title={t('live.history')} data-testid="sensor-detail">
      {series.map((h) => (
        <div key={h.datastreamId}>
          <Typography.Text style={{ fontSize: 12 }}>
            {h.name} ({h.unit})
          </Typography.Text>
          <Sparkline h={h} />
        </div>
      ))}
    </Card>
  );
}
