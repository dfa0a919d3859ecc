// The printable report: one self-contained HTML document (A4, print CSS, no scripts), every value escaped.
import { landUseClassOf } from './landUseClasses';
import {
  departmentTitle,
  estimateText,
  itemTitle,
  lineColourTitle,
  noteText,
  reportLabel as L,
  verdictTitle,
  type Lang,
} from './checklistText';
import { escapeXml as esc } from './escapeXml';
import type { DesignInput } from './designCheck';
import { DEPARTMENTS, LINE_COLOURS, type CheckItem, type ReviewEstimates, type ReviewReport } from './types';

const SNAPSHOT_RE = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/;

function fmt(v: number | undefined, digits: number): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// Ratios read to three decimals (tolerances go to 0.01), lengths to centimetres, areas to 0.1 m².
function itemValue(i: CheckItem): string {
  if (i.actual === undefined) return '—';
  if (i.unit === 'm²') return `${fmt(i.actual, 1)} m²`;
  if (i.unit === 'm') return `${fmt(i.actual, 2)} m`;
  if (i.id === 'land.boundary') return String(i.actual);
  return fmt(i.actual, 3);
}

function date(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? iso.slice(0, 16).replace('T', ' ') : iso;
}

const CSS = `
@page { size: A4; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 182mm; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; border-bottom: 1.5px solid #333; margin: 6mm 0 2mm; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
th, td { border: 0.6px solid #777; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
.meta td { border: none; padding: 0.5mm 1mm; }
table.checklist { table-layout: fixed; }
td.mode { white-space: nowrap; }
.verdict { font-weight: 700; white-space: nowrap; }
.v-pass { color: #17692d; } .v-fail { color: #b00000; } .v-pending, .v-incomplete { color: #9a6700; } .v-na { color: #666; }
.overall { font-size: 13pt; border: 2px solid currentColor; display: inline-block; padding: 1mm 4mm; margin: 1mm 0; }
.offenders { font-family: monospace; font-size: 9pt; word-break: break-all; }
.notes { font-size: 9pt; color: #333; word-break: break-word; }
figure { margin: 2mm 0; page-break-inside: avoid; break-inside: avoid; text-align: center; }
figure svg, figure img { width: 100%; max-height: 150mm; height: auto; border: 0.6px solid #999; }
.signatures td { height: 18mm; width: 25%; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #555; border-top: 0.6px solid #999; padding-top: 2mm; }
@media print { body { max-width: none; } h2 { break-after: avoid; page-break-after: avoid; } .no-print { display: none; } }
`;

export function reportHtml(report: ReviewReport, lang: Lang, sitePlan?: string): string {
  const m = report.metrics;
  const cls = landUseClassOf(report.landUse);
  const useName = cls.code ? `${report.landUse} ${lang === 'zh' ? cls.nameZh : cls.nameEn}` : report.landUse;
  const verdict = (v: string) => `<span class="verdict v-${esc(v)}">${esc(verdictTitle(v as never, lang))}</span>`;
  const row = (label: string, value: string) => `<tr><th>${esc(label)}</th><td class="num">${esc(value)}</td></tr>`;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">\n<head>\n<meta charset="utf-8">`);
  parts.push(`<title>${esc(`${L('title', lang)} — ${report.parcelId}`)}</title>\n<style>${CSS}</style>\n</head>\n<body>`);
  parts.push(`<h1>${esc(L('title', lang))}</h1>`);
  parts.push('<table class="meta">');
  parts.push(
    `<tr><td>${esc(L('parcel', lang))}: <b>${esc(report.parcelId)}</b></td><td>${esc(L('landUse', lang))}: ${esc(useName)}</td></tr>`,
  );
  parts.push(
    `<tr><td>${report.city ? `${esc(L('city', lang))}: ${esc(report.city)}` : ''}</td><td>${esc(L('generatedAt', lang))}: ${esc(date(report.generatedAt))}</td></tr>`,
  );
  parts.push('</table>');

  parts.push(`<h2>${esc(L('overall', lang))}</h2>`);
  parts.push(`<div class="overall v-${esc(report.verdict)}">${esc(verdictTitle(report.verdict, lang))}</div>`);
  parts.push(`<table><tr>${DEPARTMENTS.map((d) => `<th>${esc(departmentTitle(d, lang))}</th>`).join('')}</tr>`);
  parts.push(`<tr>${DEPARTMENTS.map((d) => `<td>${verdict(report.byDepartment[d])}</td>`).join('')}</tr></table>`);

  parts.push(`<h2>${esc(L('metrics', lang))}</h2>\n<table>`);
  parts.push(`<tr><th>${esc(L('indicator', lang))}</th><th>${esc(L('value', lang))}</th></tr>`);
  parts.push(row(L('siteArea', lang), `${fmt(m.siteAreaM2, 1)} m²`));
  parts.push(row(L('footprint', lang), `${fmt(m.footprintM2, 1)} m²`));
  // Floor area and FAR rest on estimated floors, or leave unmeasured buildings out: say so beside them.
  const est = m.estimates;
  const farNote = est.floorsFromHeight.length || est.unmeasured.length ? ` (${L('estimated', lang)})` : '';
  parts.push(row(L('floorArea', lang), `${fmt(m.floorAreaM2, 1)} m²${farNote}`));
  parts.push(row(L('far', lang), `${fmt(m.far, 3)}${farNote}`));
  parts.push(row(L('coverage', lang), fmt(m.coverage, 3)));
  parts.push(row(L('greenArea', lang), `${fmt(m.greenAreaM2, 1)} m²`));
  parts.push(row(L('greenRatio', lang), fmt(m.greenRatio, 3)));
  const heightNote = est.heightFromFloors.length || est.unmeasured.length ? ` (${L('estimated', lang)})` : '';
  parts.push(row(L('maxHeight', lang), `${fmt(m.maxHeightM, 1)} m${m.tallestBuildingId ? ` (${m.tallestBuildingId})` : ''}${heightNote}`));
  parts.push(row(L('buildings', lang), String(m.buildingIds.length)));
  for (const c of LINE_COLOURS) {
    const s = m.setbacks[c];
    if (s)
      parts.push(row(`${L('setback', lang)} · ${lineColourTitle(c, lang)}`, `${fmt(s.distanceM, 2)} m (${s.buildingId} → ${s.lineId})`));
  }
  parts.push('</table>');
  estimatesHtml(parts, est, m.buildingIds.length, lang);

  parts.push(`<h2>${esc(L('checklist', lang))}</h2>`);
  for (const d of DEPARTMENTS) {
    const items = report.items.filter((i) => i.department === d);
    if (!items.length) continue;
    parts.push(`<h3>${esc(departmentTitle(d, lang))} — ${verdict(report.byDepartment[d])}</h3>\n<table class="checklist">`);
    parts.push(
      '<colgroup><col style="width:25%"><col style="width:8%"><col style="width:15%"><col style="width:12%"><col style="width:10%"><col style="width:13%"><col style="width:17%"></colgroup>',
    );
    parts.push(
      `<tr><th>${esc(L('item', lang))}</th><th>${esc(L('mode', lang))}</th><th>${esc(L('required', lang))}</th><th>${esc(L('measured', lang))}</th><th>${esc(L('verdict', lang))}</th><th>${esc(L('offenders', lang))}</th><th>${esc(L('notes', lang))}</th></tr>`,
    );
    for (const i of items) {
      parts.push(
        `<tr data-item="${esc(i.id)}"><td>${esc(itemTitle(i.id, lang))}</td><td class="mode">${esc(L(i.mode, lang))}</td><td>${esc(i.requiredText ?? '')}</td>` +
          `<td class="num">${esc(itemValue(i))}</td><td>${verdict(i.verdict)}</td><td class="offenders">${esc(i.offenders.join(', '))}</td>` +
          `<td class="notes">${esc(i.signOff ? `${i.signOff.reviewer}: ${i.signOff.comment}` : [i.detail, noteText(i.note, lang)].filter(Boolean).join(' · '))}</td></tr>`,
      );
    }
    parts.push('</table>');
  }

  if (report.design) designHtml(parts, report.design, lang);

  parts.push(`<h2>${esc(L('signOffs', lang))}</h2>`);
  if (report.signOffs.length) {
    parts.push(
      `<table><tr><th>${esc(L('item', lang))}</th><th>${esc(L('verdict', lang))}</th><th>${esc(L('reviewer', lang))}</th><th>${esc(L('signedAt', lang))}</th><th>${esc(L('comment', lang))}</th></tr>`,
    );
    for (const s of report.signOffs) {
      parts.push(
        `<tr><td>${esc(itemTitle(s.itemId, lang))}</td><td>${verdict(s.verdict)}</td><td>${esc(s.reviewer)}</td><td>${esc(date(s.signedAt))}</td><td class="notes">${esc(s.comment)}</td></tr>`,
      );
    }
    parts.push('</table>');
  } else {
    parts.push(`<p>${esc(L('none', lang))}</p>`);
  }

  if (sitePlan) parts.push(`<h2>${esc(L('sitePlan', lang))}</h2>\n<figure>${sitePlan}</figure>`);
  if (report.snapshot && SNAPSHOT_RE.test(report.snapshot)) {
    parts.push(
      `<h2>${esc(L('snapshot', lang))}</h2>\n<figure><img alt="${esc(L('snapshot', lang))}" src="${esc(report.snapshot)}"></figure>`,
    );
  }
  parts.push(
    `<h2>${esc(L('signature', lang))}</h2>\n<table class="signatures"><tr>${DEPARTMENTS.map((d) => `<th>${esc(departmentTitle(d, lang))}</th>`).join('')}</tr>`,
  );
  parts.push(`<tr>${DEPARTMENTS.map(() => '<td></td>').join('')}</tr></table>`);
  parts.push(`<footer>${esc(L('footer', lang))}</footer>\n</body>\n</html>\n`);
  return parts.join('\n');
}

// The buildings whose floors or height were estimated, or unknown, by reviewInput.ts's rule, with their ids.
function estimatesHtml(parts: string[], est: ReviewEstimates, total: number, lang: Lang): void {
  const kinds = (['floorsFromHeight', 'heightFromFloors', 'unmeasured', 'implausible'] as const).filter((k) => est[k].length);
  if (!kinds.length) return;
  parts.push(`<h3>${esc(L('estimates', lang))}</h3>`);
  for (const k of kinds) {
    parts.push(
      `<p class="notes" data-estimates="${k}">${esc(estimateText(k, est[k].length, total, lang))}: <span class="offenders">${esc(est[k].join(', '))}</span></p>`,
    );
  }
}

/** The design model's storeys with their gross floor areas and where each figure came from. */
function designHtml(parts: string[], d: DesignInput, lang: Lang): void {
  parts.push(`<h2>${esc(L('design', lang))}</h2>\n<p class="notes">${esc(d.file)}${d.buildingId ? ` → ${esc(d.buildingId)}` : ''}</p>`);
  parts.push(
    `<table class="design"><tr><th>${esc(L('storey', lang))}</th><th>${esc(L('elevation', lang))}</th><th>${esc(L('gfa', lang))}</th><th>${esc(L('areaSource', lang))}</th></tr>`,
  );
  for (const s of d.storeyAreas)
    parts.push(
      `<tr data-storey="${esc(s.name)}"><td>${esc(s.name)}</td><td class="num">${fmt(s.elevationM, 2)} m</td><td class="num">${fmt(s.gfaM2, 1)} m²</td><td>${esc(L(s.source, lang))}</td></tr>`,
    );
  parts.push(`<tr><th>${esc(L('total', lang))}</th><td></td><td class="num">${fmt(d.gfaM2, 1)} m²</td><td></td></tr></table>`);
}
