// 2D site plan (总平面核验图) of a reviewed parcel as SVG: parcel, its buildings (offenders in red) and neighbours,
// greens, control lines in their colours, setback and fire-spacing dimension lines, north arrow and scale bar.
import { pointsOnSurface } from '../spatial/pointOnSurface';
import { lineColourTitle, type Lang } from './checklistText';
import { escapeXml as esc } from './escapeXml';
import type { FireSpacingBreach } from './fireSpacing';
import { coordsBbox, packMetricPolygons } from './metricPolygon';
import {
  LINE_COLOURS,
  type LineColour,
  type MetricPolygon,
  type ParcelReview,
  type ReviewBuilding,
  type ReviewInput,
  type Setback,
} from './types';

export const LINE_COLOUR_CSS: Record<LineColour, string> = {
  red: '#d7191c',
  green: '#1a9641',
  blue: '#2b83ba',
  purple: '#7b3294',
  yellow: '#d4a500',
};

const NICE = [1, 2, 5];

// 18F as given, ~18F when estimated from the height, ?F when unknown.
const storeysLabel = (b: ReviewBuilding) => (b.floors === null ? '?F' : `${b.estimated === 'floors' ? '~' : ''}${b.floors}F`);

// A round length (1, 2, 5 × 10^k) close to a fifth of the view width.
function scaleBarM(widthM: number): number {
  const target = widthM / 5;
  const k = Math.floor(Math.log10(target));
  let best = 10 ** k;
  for (const n of NICE) if (n * 10 ** k <= target) best = n * 10 ** k;
  return best;
}

const LEGEND: Record<string, [string, string]> = {
  parcel: ['用地界线', 'Parcel boundary'],
  own: ['本地块建筑', 'Buildings'],
  offender: ['违规建筑', 'At fault'],
  other: ['相邻建筑', 'Neighbours'],
  green: ['绿地', 'Green space'],
  fire: ['防火间距不足', 'Fire spacing short'],
};

export function sitePlanSvg(review: ParcelReview & { fireSpacing?: FireSpacingBreach[] }, input: ReviewInput, lang: Lang = 'zh'): string {
  const [px0, py0, px1, py1] = coordsBbox(input.parcel.footprint.coords);
  const margin = Math.max(20, 0.15 * Math.max(px1 - px0, py1 - py0));
  const x0 = px0 - margin,
    y1 = py1 + margin;
  const W = px1 - px0 + 2 * margin,
    H = py1 - py0 + 2 * margin;
  const fs = Math.max(W, H) / 55;
  const sw = Math.max(W, H) / 600;
  const X = (x: number) => (x - x0).toFixed(2);
  const Y = (y: number) => (y1 - y).toFixed(2);
  const path = (p: MetricPolygon) => {
    let d = '';
    let start = 0;
    for (const end of p.ringEnds) {
      for (let i = start; i < end; i++) d += `${i === start ? 'M' : 'L'}${X(p.coords[i * 2])} ${Y(p.coords[i * 2 + 1])}`;
      d += 'Z';
      start = end;
    }
    return d;
  };
  const polyline = (c: Float64Array) => Array.from({ length: c.length / 2 }, (_, i) => `${X(c[i * 2])},${Y(c[i * 2 + 1])}`).join(' ');
  const text = (x: number, y: number, s: string, attrs = '') =>
    `<text x="${X(x)}" y="${Y(y)}" font-size="${fs.toFixed(2)}" ${attrs}>${esc(s)}</text>`;

  const owned = new Set(review.metrics.buildingIds);
  const offenders = new Set(review.offenders);
  const out: string[] = [];
  out.push(''); // the header, once the legend's height is known
  out.push(`<title>${esc(review.parcelId)}</title>`);
  out.push(`<defs><clipPath id="plan-area"><rect width="${W.toFixed(2)}" height="${H.toFixed(2)}"/></clipPath></defs>`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<g clip-path="url(#plan-area)">`);
  for (const g of input.greens)
    out.push(`<path d="${path(g)}" fill="#cdebc0" stroke="#7fbf6a" stroke-width="${sw.toFixed(3)}" fill-rule="evenodd"/>`);
  for (const l of input.lines) {
    out.push(
      `<polyline points="${polyline(l.coords)}" fill="none" stroke="${LINE_COLOUR_CSS[l.kind] ?? '#888'}" stroke-width="${(2 * sw).toFixed(3)}" stroke-dasharray="${(8 * sw).toFixed(2)} ${(3 * sw).toFixed(2)}"><title>${esc(l.name ?? l.id)}</title></polyline>`,
    );
  }
  out.push(
    `<path d="${path(input.parcel.footprint)}" fill="none" stroke="#000" stroke-width="${(2.5 * sw).toFixed(3)}" stroke-dasharray="${(12 * sw).toFixed(2)} ${(3 * sw).toFixed(2)} ${(2 * sw).toFixed(2)} ${(3 * sw).toFixed(2)}"/>`,
  );
  const mine = input.buildings.filter((b) => owned.has(b.id));
  for (const b of input.buildings) {
    const fill = offenders.has(b.id) ? '#f4b6b6' : owned.has(b.id) ? '#c9d6e8' : '#eeeeee';
    const stroke = offenders.has(b.id) ? '#c00000' : owned.has(b.id) ? '#34495e' : '#b0b0b0';
    out.push(
      `<path d="${path(b.footprint)}" fill="${fill}" stroke="${stroke}" stroke-width="${(owned.has(b.id) ? 1.5 * sw : sw).toFixed(3)}" fill-rule="evenodd"><title>${esc(`${b.id} · ${storeysLabel(b)} · ${b.heightM ?? '?'} m`)}</title></path>`,
    );
  }
  // Floors label (e.g. 18F) on each of the parcel's buildings, as on a site plan.
  const pts = pointsOnSurface(packMetricPolygons(mine.map((b) => b.footprint)));
  mine.forEach((b, i) =>
    out.push(
      text(
        pts[i * 2],
        pts[i * 2 + 1],
        storeysLabel(b),
        `text-anchor="middle" dominant-baseline="middle" fill="${offenders.has(b.id) ? '#a00000' : '#223'}"`,
      ),
    ),
  );
  const dimension = (from: [number, number], to: [number, number], colour: string, label: string) => {
    out.push(
      `<line x1="${X(from[0])}" y1="${Y(from[1])}" x2="${X(to[0])}" y2="${Y(to[1])}" stroke="${colour}" color="${colour}" stroke-width="${(1.5 * sw).toFixed(3)}" marker-start="url(#tick)" marker-end="url(#tick)"/>`,
    );
    out.push(
      text(
        (from[0] + to[0]) / 2,
        (from[1] + to[1]) / 2,
        label,
        `fill="${colour}" stroke="#fff" stroke-width="${(fs / 6).toFixed(2)}" paint-order="stroke" text-anchor="middle" dy="-0.3em"`,
      ),
    );
  };
  for (const s of review.dimensionLines as Setback[]) dimension(s.from, s.to, LINE_COLOUR_CSS[s.colour], `${s.distanceM.toFixed(1)} m`);
  for (const f of review.fireSpacing ?? []) dimension(f.from, f.to, '#e66100', `${f.distanceM.toFixed(1)} < ${f.requiredM} m`);
  out.push(
    `<defs><marker id="tick" viewBox="-5 -5 10 10" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 -4 L0 4" stroke="currentColor" stroke-width="1.5"/></marker></defs>`,
  );

  // North arrow (GK grid north) top right, scale bar bottom left.
  const ax = W - 3 * fs,
    ay = 1.5 * fs;
  out.push(
    `<g transform="translate(${ax.toFixed(2)} ${ay.toFixed(2)})"><path d="M0 0 L${(fs * 0.7).toFixed(2)} ${(fs * 2.4).toFixed(2)} L0 ${(fs * 1.8).toFixed(2)} L${(-fs * 0.7).toFixed(2)} ${(fs * 2.4).toFixed(2)} Z" fill="#000"/><text y="${(fs * 3.6).toFixed(2)}" font-size="${fs.toFixed(2)}" text-anchor="middle">N</text></g>`,
  );
  const bar = scaleBarM(W);
  const bx = fs,
    by = H - fs;
  out.push(
    `<g><rect x="${bx.toFixed(2)}" y="${(by - fs * 0.4).toFixed(2)}" width="${(bar / 2).toFixed(2)}" height="${(fs * 0.4).toFixed(2)}" fill="#000"/><rect x="${(bx + bar / 2).toFixed(2)}" y="${(by - fs * 0.4).toFixed(2)}" width="${(bar / 2).toFixed(2)}" height="${(fs * 0.4).toFixed(2)}" fill="#fff" stroke="#000" stroke-width="${sw.toFixed(3)}"/><text x="${bx.toFixed(2)}" y="${(by - fs * 0.7).toFixed(2)}" font-size="${fs.toFixed(2)}">0</text><text x="${(bx + bar).toFixed(2)}" y="${(by - fs * 0.7).toFixed(2)}" font-size="${fs.toFixed(2)}" text-anchor="middle">${bar} m</text></g>`,
  );
  out.push('</g>');
  const legendH = legend(out, review, input, lang, W, H, fs, sw);
  out[0] = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W.toFixed(2)} ${(H + legendH).toFixed(2)}" class="site-plan" font-family="sans-serif" role="img">`;
  out.push('</svg>');
  return out.join('\n');
}

// Swatches in rows below the plan: what is drawn, in the report's language; returns the legend's height.
function legend(
  out: string[],
  review: ParcelReview & { fireSpacing?: FireSpacingBreach[] },
  input: ReviewInput,
  lang: Lang,
  W: number,
  H: number,
  fs: number,
  sw: number,
): number {
  const t = (k: string) => LEGEND[k][lang === 'zh' ? 0 : 1];
  const entries: { label: string; swatch: (x: number, y: number) => string }[] = [];
  const box = (fill: string, stroke: string) => (x: number, y: number) =>
    `<rect x="${x.toFixed(2)}" y="${(y - fs * 0.8).toFixed(2)}" width="${(fs * 1.4).toFixed(2)}" height="${(fs * 0.9).toFixed(2)}" fill="${fill}" stroke="${stroke}" stroke-width="${sw.toFixed(3)}"/>`;
  const line = (stroke: string, dash: string) => (x: number, y: number) =>
    `<line x1="${x.toFixed(2)}" y1="${(y - fs * 0.35).toFixed(2)}" x2="${(x + fs * 1.4).toFixed(2)}" y2="${(y - fs * 0.35).toFixed(2)}" stroke="${stroke}" stroke-width="${(2 * sw).toFixed(3)}" stroke-dasharray="${dash}"/>`;
  entries.push({ label: t('parcel'), swatch: line('#000', `${(4 * sw).toFixed(2)} ${(1.5 * sw).toFixed(2)}`) });
  entries.push({ label: t('own'), swatch: box('#c9d6e8', '#34495e') });
  if (review.offenders.length) entries.push({ label: t('offender'), swatch: box('#f4b6b6', '#c00000') });
  if (input.buildings.length > review.metrics.buildingIds.length) entries.push({ label: t('other'), swatch: box('#eeeeee', '#b0b0b0') });
  if (input.greens.length) entries.push({ label: t('green'), swatch: box('#cdebc0', '#7fbf6a') });
  for (const c of LINE_COLOURS) {
    if (input.lines.some((l) => l.kind === c))
      entries.push({ label: lineColourTitle(c, lang), swatch: line(LINE_COLOUR_CSS[c], `${(8 * sw).toFixed(2)} ${(3 * sw).toFixed(2)}`) });
  }
  if (review.fireSpacing?.length) entries.push({ label: t('fire'), swatch: line('#e66100', 'none') });
  const widthOf = (label: string) => fs * (2.2 + 0.55 * [...label].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 1.6 : 1), 0));
  // Rows from the bottom up, each as wide as fits.
  const rows: (typeof entries)[] = [[]];
  let used = 0;
  for (const e of entries) {
    const w = widthOf(e.label);
    if (used + w > W - 2 * fs && rows[rows.length - 1].length) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(e);
    used += w;
  }
  const rowH = fs * 1.5;
  const top = H;
  const height = rows.length * rowH + 0.6 * fs;
  out.push(
    `<g class="legend"><rect x="0" y="${top.toFixed(2)}" width="${W.toFixed(2)}" height="${height.toFixed(2)}" fill="#fff" stroke="#999" stroke-width="${sw.toFixed(3)}"/>`,
  );
  rows.forEach((row, r) => {
    let x = fs;
    const y = top + (r + 1) * rowH;
    for (const e of row) {
      out.push(e.swatch(x, y));
      out.push(`<text x="${(x + fs * 1.7).toFixed(2)}" y="${y.toFixed(2)}" font-size="${(fs * 0.85).toFixed(2)}">${esc(e.label)}</text>`);
      x += widthOf(e.label);
    }
  });
  out.push('</g>');
  return height;
}
