// The overlay legend rendered to markup from a real store: title, one entry per class with its count, "other" and
// "no value" in the page's language, nothing without an overlay.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { categoryStyle, rampStyle } from '../core/style/fieldStyle';
import { AppStoreContext } from '../state/react/useAppState';
import { createStore } from 'zustand/vanilla';
import { createAppStore, type AppState, type AppStore, type OverlayState } from '../state/store';
import { parseUrlState } from '../state/urlState';
import { initI18n } from './i18n/i18n';
import { OverlayLegend } from './OverlayLegend';

/** A store whose initial state holds `overlay` (server rendering reads a store's initial state). */
function storeWith(overlay: OverlayState | null): AppStore {
  return createStore<AppState>()(() => ({ ...createAppStore(parseUrlState('')).getState(), overlay }));
}

function render(store: AppStore): string {
  const legend = createElement(OverlayLegend, { onRestyle: () => undefined, onRemove: () => undefined });
  return renderToStaticMarkup(createElement(AppStoreContext.Provider, { value: store }, legend));
}

describe('OverlayLegend', () => {
  const values = new Map(Array.from({ length: 14 }, (_, i) => [`用地${i}`, 100 - i] as [string, number]));
  const style = categoryStyle('用地代码', values, 7);

  it('shows the file and field, a swatch, label and count per class, "other" and "no value" words', async () => {
    const i18n = initI18n('en');
    const store = storeWith({
      name: '规划.gpkg',
      phase: 'ready',
      field: '用地代码',
      mode: 'categories',
      breaks: 'quantile',
      fields: [{ name: '用地代码', numeric: false }],
      legend: style.classes,
      visible: true,
      count: 1288,
      skipped: 2,
      styleKey: 1,
    });
    const en = render(store);
    expect(en).toContain('规划.gpkg · 用地代码');
    expect(en.match(/data-testid="overlay-legend-entry"/g)).toHaveLength(14);
    expect(en).toContain('data-kind="other" data-count="175"');
    expect(en).toMatch(/Other/);
    expect(en).toMatch(/No value/);
    expect(en).toContain('2 features without a usable geometry were skipped');
    // Breaks are offered for a ramp only.
    expect(en).not.toContain('Equal intervals');
    await i18n.changeLanguage('zh-CN');
    const zh = render(store);
    expect(zh).toContain('其他');
    expect(zh).toContain('无值');
  });

  it('renders nothing without an overlay', () => {
    initI18n('en');
    expect(render(storeWith(null))).toBe('');
  });

  it('offers quantile or equal-interval breaks for a ramp', () => {
    initI18n('en');
    const ramp = rampStyle('面积', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'equal', 3);
    const html = render(
      storeWith({
        name: 'a.shp',
        phase: 'ready',
        field: '面积',
        mode: 'ramp',
        breaks: 'equal',
        fields: [{ name: '面积', numeric: true }],
        legend: ramp.classes,
        visible: true,
        count: 10,
        skipped: 0,
        styleKey: 1,
      }),
    );
    expect(html).toContain('Equal intervals');
    expect(html).toContain('1 – 4');
    expect(html).toContain('data-kind="range" data-count="4"');
  });
});
