// The panel's note on estimated and unmeasured buildings, rendered to markup in both languages.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/i18n';
import { ReviewEstimatesNote } from './ReviewEstimatesNote';

const estimates = { floorsFromHeight: ['B', 'C'], heightFromFloors: [], unmeasured: ['H'], implausible: ['H'] };
const render = () => renderToStaticMarkup(createElement(ReviewEstimatesNote, { estimates, total: 5 }));

describe('ReviewEstimatesNote', () => {
  it('names the estimated and unmeasured buildings with their count, in English and Chinese', async () => {
    const i18n = initI18n('en');
    const en = render();
    expect(en).toContain('2 of 5 buildings&#x27; floors estimated from height (3 m a storey): B, C');
    expect(en).toContain('1 of 5 buildings have neither height nor floors, left out of floor area, FAR and height: H');
    expect(en).not.toContain('heightFromFloors');
    expect(en).toMatch(/1 of 5 buildings have an implausible height or floors \(.*\), read as missing: H/);

    await i18n.changeLanguage('zh-CN');
    expect(render()).toContain('2/5 栋建筑的层数按高度估算（每层 3 m）：B, C');
  });

  it('shows nothing when every building had its floors and height', () => {
    initI18n('en');
    expect(
      renderToStaticMarkup(
        createElement(ReviewEstimatesNote, {
          estimates: { floorsFromHeight: [], heightFromFloors: [], unmeasured: [], implausible: [] },
          total: 3,
        }),
      ),
    ).toBe('');
  });
});
