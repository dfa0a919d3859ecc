// A small ECharts bar chart of building counts by land use.
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { landUseClassOf } from '../core/planning/landUseClasses';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const UseChart = memo(function UseChart({ counts }: { counts: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    const codes = Object.keys(counts).sort();
    const zh = i18n.language !== 'en';
    chart.setOption({
      animation: false,
      grid: { left: 36, right: 8, top: 8, bottom: 20 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: codes, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', axisLabel: { fontSize: 10 } },
      series: [
        {
          type: 'bar',
          name: t('chart.buildingsByUse'),
          data: codes.map((c) => {
            const cls = landUseClassOf(c);
            return { value: counts[c], name: zh ? cls.nameZh : cls.nameEn, itemStyle: { color: `rgb(${cls.rgb.join(',')})` } };
          }),
        },
      ],
    });
    return () => chart.dispose();
  }, [counts, t, i18n.language]);
  return <div ref={el} style={{ width: '100%', height: 110 }} aria-label={t('chart.buildingsByUse')} />;
});
