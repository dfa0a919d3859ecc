// The archived record: sign-offs merged into manual items, the overall and per-department verdicts, the
// printable HTML (rows, verdicts, sign-offs, escaping) and the SVG site plan.
import { describe, expect, it } from 'vitest';
import { buildReport } from './buildReport';
import { departmentTitle, itemTitle } from './checklistText';
import { reportHtml } from './reportHtml';
import { reviewParcel } from './reviewParcel';
import { sitePlanSvg } from './sitePlan';
import { building, fixtureInput, MANUAL_ITEM_IDS } from './planning.fixture';
import type { ManualEntry, ParcelReview } from './types';

const META = { generatedAt: '2026-05-02T08:00:00.000Z', city: '郑州市' };

function sign(
  itemId: string,
  verdict: 'pass' | 'fail' = 'pass',
  reviewer = '王工',
  signedAt = '2026-05-01T10:30:00+08:00',
  comment = '资料齐全',
): ManualEntry {
  return { itemId, verdict, reviewer, signedAt, comment };
}

// The fixture without the buildings that fail land use, boundary and fire spacing: every automatic item passes.
function cleanReview(): ParcelReview {
  const input = fixtureInput();
  input.buildings = input.buildings.filter((b) => ['A', 'B', 'C'].includes(b.id));
  return reviewParcel(input);
}

describe('buildReport', () => {
  it('is incomplete while manual items are pending, pass once all are signed off as passing', () => {
    const review = cleanReview();
    expect(review.items.filter((i) => i.mode === 'auto' && i.verdict === 'fail')).toEqual([]);
    const pending = buildReport(review, [], META);
    expect(pending.verdict).toBe('incomplete');
    expect(pending.byDepartment).toEqual({ planning: 'pass', land: 'incomplete', fire: 'incomplete', civilDefence: 'incomplete' });
    const partly = buildReport(review, [sign('land.premium'), sign('land.title')], META);
    expect(partly.byDepartment.land).toBe('pass');
    expect(partly.verdict).toBe('incomplete');
    const done = buildReport(
      review,
      MANUAL_ITEM_IDS.map((id) => sign(id)),
      META,
    );
    expect(done.verdict).toBe('pass');
    expect(done.signOffs).toHaveLength(7);
    expect(done.items.find((i) => i.id === 'fire.water')).toMatchObject({
      verdict: 'pass',
      signOff: { reviewer: '王工' },
      detail: '资料齐全',
    });
  });

  it('fails when any item fails: automatic, or manual by sign-off', () => {
    expect(
      buildReport(
        reviewParcel(fixtureInput()),
        MANUAL_ITEM_IDS.map((id) => sign(id)),
        META,
      ).verdict,
    ).toBe('fail');
    const r = buildReport(
      cleanReview(),
      [...MANUAL_ITEM_IDS.map((id) => sign(id)), sign('civilDefence.entrances', 'fail', '李工', '2026-05-03T09:00:00Z', '通风口不足')],
      META,
    );
    expect(r.verdict).toBe('fail');
    expect(r.byDepartment).toEqual({ planning: 'pass', land: 'pass', fire: 'pass', civilDefence: 'fail' });
  });

  it('keeps the latest sign-off of an item and ignores entries for automatic or unknown items', () => {
    const r = buildReport(
      cleanReview(),
      [
        sign('fire.lanes', 'fail', '张工', '2026-05-03T09:00:00Z', '车道被占'),
        sign('fire.lanes', 'pass', '张工', '2026-05-01T09:00:00Z', '初查'),
        sign('planning.farMax', 'fail'),
        sign('nope'),
      ],
      META,
    );
    expect(r.signOffs.map((s) => [s.itemId, s.comment])).toEqual([['fire.lanes', '车道被占']]);
    expect(r.items.find((i) => i.id === 'fire.lanes')!.verdict).toBe('fail');
    expect(r.items.find((i) => i.id === 'planning.farMax')!.verdict).toBe('pass');
  });

  it('does not change the review it reads', () => {
    const review = cleanReview();
    const before = JSON.stringify(review);
    buildReport(
      review,
      MANUAL_ITEM_IDS.map((id) => sign(id)),
      META,
    );
    expect(JSON.stringify(review)).toBe(before);
  });
});

describe('reportHtml', () => {
  const review = reviewParcel(fixtureInput());
  const report = buildReport(
    review,
    [sign('land.premium'), sign('fire.lanes', 'fail', 'Li Wei', '2026-05-01T14:05:00Z', 'lane blocked')],
    META,
  );

  it('is a complete A4 print document with the metric rows, verdicts and sign-offs (Chinese)', () => {
    const html = reportHtml(report, 'zh', sitePlanSvg(review, fixtureInput()));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toMatch(/@page \{ size: A4/);
    expect(html).toMatch(/@media print/);
    expect(html).toContain('<th>用地面积</th><td class="num">8,000.0 m²</td>');
    expect(html).toContain('<th>计容建筑面积</th><td class="num">11,700.0 m²</td>');
    expect(html).toContain('<th>容积率</th><td class="num">1.463</td>');
    expect(html).toContain('<th>绿地率</th><td class="num">0.206</td>');
    expect(html).toContain('20.00 m (B → R-1)');
    expect(html).toContain('<div class="overall v-fail">不合格</div>');
    expect(html).toContain(itemTitle('fire.spacing', 'zh'));
    expect(html).toContain(departmentTitle('civilDefence', 'zh'));
    expect(html).toMatch(
      /<tr data-item="planning.landUse">.*<span class="verdict v-fail">不合格<\/span><\/td><td class="offenders">E<\/td>/,
    );
    expect(html).toContain('<td>王工</td><td>2026-05-01 10:30</td>');
    expect(html).toContain('<td>Li Wei</td><td>2026-05-01 14:05</td>');
    expect(html).toContain('<svg');
    expect(html).toContain('郑州市');
    expect(html).not.toMatch(/<script/i);
  });

  it('speaks English when asked', () => {
    const html = reportHtml(report, 'en');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('Floor area ratio (maximum)');
    expect(html).toContain('<span class="verdict v-pending">Pending</span>');
    expect(html).toContain('Residential');
  });

  it('escapes every value from the data: ids, names, comments, land use', () => {
    const input = fixtureInput();
    input.parcel.id = '<script>alert(1)</script>';
    input.parcel.landUse = '07"><img src=x onerror=alert(2)>';
    input.buildings.push(building('<script>b</script>', 50, 60, 55, 65, 2, 7, '<b>x</b>'));
    const r = reviewParcel(input);
    const evil = buildReport(r, [sign('land.title', 'pass', '<script>who</script>', '2026-05-01T10:30:00Z', '</td><script>x</script>')], {
      ...META,
      city: '<i>city</i>',
      snapshot: 'javascript:alert(3)',
    });
    const html = reportHtml(evil, 'en', sitePlanSvg(r, input));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<i>city</i>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;b&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;who&lt;/script&gt;');
  });

  it('embeds a data-URL snapshot image and nothing else', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(reportHtml({ ...report, snapshot: png }, 'zh')).toContain(`<img alt="三维核验视图" src="${png}">`);
    expect(reportHtml({ ...report, snapshot: 'data:text/html;base64,PHA+' }, 'zh')).not.toContain('<img');
  });
});

describe('sitePlanSvg', () => {
  const input = fixtureInput();
  const review = reviewParcel(input);
  const svg = sitePlanSvg(review, input, 'en');

  it('draws the parcel, every candidate building, greens and lines, offenders in red', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path d="M[^"]*" fill="#f4b6b6" stroke="#c00000"/g)).toHaveLength(review.offenders.length);
    expect(svg.match(/<title>[A-Z] · /g)).toHaveLength(input.buildings.length);
    expect(svg).toContain('stroke="#d7191c"');
    expect(svg.match(/fill="#cdebc0"/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('labels the setback and fire-spacing dimension lines and has a north arrow, scale bar and legend', () => {
    expect(svg).toContain('>20.0 m</text>');
    expect(svg).toContain('>4.0 &lt; 6 m</text>');
    expect(svg).toMatch(/>N<\/text>/);
    expect(svg).toMatch(/>(10|20|50) m<\/text>/);
    expect(svg).toContain('>Parcel boundary</text>');
    expect(svg).toContain('>red line</text>');
  });

  it('escapes ids and names', () => {
    const evil = fixtureInput();
    evil.parcel.id = '<script>p</script>';
    evil.lines[0].name = '</title><script>l</script>';
    const out = sitePlanSvg(reviewParcel(evil), evil);
    expect(out).not.toMatch(/<script/i);
  });
});
