// The dialog's overlay style control: a text field first in categories, numbers on a ramp, the ramp offered for numbers only.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/i18n';
import { defaultOverlayStyle, OverlayStyleFields, type OverlayStyleChoice } from './OverlayStyleFields';

const fields = [
  { name: '面积', type: 'Real', samples: [12.5] },
  { name: '用地性质', type: 'String', samples: ['R2'] },
];

describe('OverlayStyleFields', () => {
  it('defaults to the first text field in categories, else the first field by its type', () => {
    expect(defaultOverlayStyle(fields)).toEqual({ field: '用地性质', mode: 'categories' });
    expect(defaultOverlayStyle(fields.slice(0, 1))).toEqual({ field: '面积', mode: 'ramp' });
    expect(defaultOverlayStyle([])).toEqual({ field: null, mode: 'categories' });
  });

  it('offers the ramp for a numeric field only', () => {
    initI18n('en');
    const render = (value: OverlayStyleChoice) =>
      renderToStaticMarkup(createElement(OverlayStyleFields, { fields, value, onChange: () => undefined }));
    const ramp = (html: string) => /<label[^>]*segmented-item-disabled[^>]*>(?:(?!<\/label>).)*Ramp/.test(html);
    expect(ramp(render({ field: '用地性质', mode: 'categories' }))).toBe(true);
    expect(ramp(render({ field: '面积', mode: 'ramp' }))).toBe(false);
  });
});
