// A small bar chart of building counts by land use, drawn as SVG: React renders it with the panel, nothing is measured or
// laid out on a canvas (the ECharts version cost a 120 ms task on the page's thread when a city's summary arrived).
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { landUseClassOf } from '../core/planning/landUseClasses';

const W = 240,
  H = 110,
  LEFT = 36,
  BOTTOM = 16,
  TOP = 6;

/** The smallest 1, 2 or 5 × 10^k at or above `v` (the axis top). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((n) => n >= v)!;
}

/** An axis value short enough for the chart's margin: 2,500, 10k, 500k, 1M. */
export function axisText(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return v.toLocaleString('en-US');
}

export const UseChart = memo(function UseChart({ counts }: { counts: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const codes = Object.keys(counts).sort();
  const top = niceCeil(Math.max(0, ...codes.map((c) => counts[c])));
  const slot = (W - LEFT) / Math.max(1, codes.length);
  const y = (v: number) => TOP + (H - TOP - BOTTOM) * (1 - v / top);
  const label = t('chart.buildingsByUse');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label} data-testid="use-chart" style={{ fontSize: 10 }}>
      {[0, top / 2, top].map((v) => (
        <g key={v}>
          <line x1={LEFT} x2={W} y1={y(v)} y2={y(v)} stroke="#e5e5e5" />
          <text x={LEFT - 4} y={y(v) + 3} textAnchor="end" fill="#666">
            {axisText(v)}
          </text>
        </g>
      ))}
      {codes.map((code, k) => {
        const cls = landUseClassOf(code);
        const x = LEFT + k * slot;
        return (
          <g key={code} data-code={code} data-count={counts[code]}>
            <rect
              x={x + slot * 0.2}
              width={slot * 0.6}
              y={y(counts[code])}
              height={y(0) - y(counts[code])}
              fill={`rgb(${cls.rgb.join(',')})`}
            >
              <title>{`${code} ${zh ? cls.nameZh : cls.nameEn}: ${counts[code].toLocaleString()}`}</title>
            </rect>
            <text x={x + slot / 2} y={H - 4} textAnchor="middle" fill="#666">
              {code}
            </text>
          </g>
        );
      })}
    </svg>
  );
});
