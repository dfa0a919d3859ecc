// The land-use bar chart: one bar per code in code order, heights proportional to the counts under a 1-2-5 axis top.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { axisText, niceCeil, UseChart } from './UseChart';

describe('UseChart', () => {
  it('tops its axis at the next 1, 2 or 5 × 10^k', () => {
    expect([0, 1, 3, 7, 12, 14_000, 20_000, 20_001].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 20_000, 20_000, 50_000]);
  });

  it('writes axis values short enough for its margin', () => {
    expect([0, 2_500, 10_000, 500_000, 1_000_000, 2_500_000].map(axisText)).toEqual(['0', '2,500', '10k', '500k', '1M', '2.5M']);
  });

  it('draws one bar per land-use code in code order, its height in proportion to its count', () => {
    const counts = { '09': 1_500, '07': 14_000, '11': 700 };
    const html = renderToStaticMarkup(createElement(UseChart, { counts }));
    const bars = [...html.matchAll(/data-code="(\d+)" data-count="(\d+)"><rect [^>]*height="([\d.]+)"/g)].map(
      (m) => [m[1], +m[2], +m[3]] as const,
    );
    expect(bars.map((b) => b[0])).toEqual(['07', '09', '11']);
    const perBuilding = bars[0][2] / bars[0][1];
    for (const [, count, height] of bars) expect(height).toBeCloseTo(count * perBuilding, 6);
  });
});
