// The 多验合一 checklist of one parcel: what the planning, land, fire and civil-defence departments check at
// completion acceptance, automatic where the geometry decides it, manual (pending a sign-off) where it does not.
//
// Planning (规划核实), auto: FAR min and max, coverage, green ratio, height, one setback per control-line colour
//   in the conditions, land-use compatibility of each building, height-limit zones when given, and the design model's
//   height, storeys, floor area and footprint against the as-built ones when a design is given (designCheck.ts). Tolerances
//   apply exactly as in the demo's checkConditions: fail only beyond limit ± tolerance.
// Land (土地核验): auto: every building within the parcel (crossing either way fails), the measured site area
//   (information, verdict 'na'); manual: land premium paid, title documents.
// Fire (消防验收): auto: fire spacing between the parcel's buildings (fireSpacing.ts); manual: fire lanes and
//   rescue sites, hydrants and water supply, fire facilities acceptance.
// Civil defence (人防验收), manual: shelter area as required, entrances/exits and ventilation.
import { asBuiltFor, designItems } from './designCheck';
import { fireSpacingBreaches, type FireSpacingBreach } from './fireSpacing';
import { isUseCompatible } from './landUseCompatibility';
import { containsPoint } from './metricPolygon';
import { measureParcel, type BoundaryCrossing } from './measureParcel';
import {
  LINE_COLOURS,
  type CheckItem,
  type Department,
  type HeightZone,
  type ParcelReview,
  type ReviewBuilding,
  type ReviewInput,
  type Verdict,
} from './types';

export interface ParcelReviewDetail extends ParcelReview {
  /** Pairs of buildings closer than the fire code allows, with their closest points. */
  fireSpacing: FireSpacingBreach[];
  /** Buildings over the parcel boundary, either way. */
  crossings: BoundaryCrossing[];
}

/** Manual items by department, in checklist order. */
export const MANUAL_ITEMS: readonly { id: string; department: Department }[] = [
  { id: 'land.premium', department: 'land' },
  { id: 'land.title', department: 'land' },
  { id: 'fire.lanes', department: 'fire' },
  { id: 'fire.water', department: 'fire' },
  { id: 'fire.acceptance', department: 'fire' },
  { id: 'civilDefence.shelterArea', department: 'civilDefence' },
  { id: 'civilDefence.entrances', department: 'civilDefence' },
];

const num = (v: number) => String(Math.round(v * 1000) / 1000);

export function reviewParcel(input: ReviewInput): ParcelReviewDetail {
  const c = input.conditions;
  const t = c.tolerances;
  const { metrics: m, buildings, points, crossings } = measureParcel(input);
  const items: CheckItem[] = [];
  const auto: AddItem = (id, fields) => {
    const [department] = id.split('.') as [Department];
    items.push({ id, department, mode: 'auto', ...fields, offenders: fields.offenders ?? [] });
  };
  const verdict = (fail: boolean): Verdict => (fail ? 'fail' : 'pass');

  // Planning: parcel-level ratios (no single building at fault).
  auto('planning.farMin', {
    condition: 'farMin',
    requiredText: `≥ ${num(c.farMin)} (−${num(t.far)})`,
    actual: m.far,
    limit: c.farMin,
    verdict: verdict(m.far < c.farMin - t.far),
  });
  auto('planning.farMax', {
    condition: 'farMax',
    requiredText: `≤ ${num(c.farMax)} (+${num(t.far)})`,
    actual: m.far,
    limit: c.farMax,
    verdict: verdict(m.far > c.farMax + t.far),
  });
  auto('planning.coverageMax', {
    condition: 'coverageMax',
    requiredText: `≤ ${num(c.coverageMax)} (+${num(t.coverage)})`,
    actual: m.coverage,
    limit: c.coverageMax,
    verdict: verdict(m.coverage > c.coverageMax + t.coverage),
  });
  auto('planning.greenRatioMin', {
    condition: 'greenRatioMin',
    requiredText: `≥ ${num(c.greenRatioMin)} (−${num(t.greenRatio)})`,
    actual: m.greenRatio,
    limit: c.greenRatioMin,
    verdict: verdict(m.greenRatio < c.greenRatioMin - t.greenRatio),
  });
  const tooTall = buildings.filter((b) => b.heightM !== null && b.heightM > c.heightMaxM + t.heightM).map((b) => b.id);
  auto('planning.heightMaxM', {
    condition: 'heightMaxM',
    requiredText: `≤ ${num(c.heightMaxM)} m (+${num(t.heightM)})`,
    actual: m.maxHeightM,
    limit: c.heightMaxM,
    unit: 'm',
    verdict: buildings.length ? verdict(tooTall.length > 0) : 'na',
    offenders: tooTall,
  });
  for (const colour of LINE_COLOURS) {
    const min = c.setbacksM[colour];
    if (min === undefined) continue;
    const s = m.setbacks[colour];
    const fail = s !== undefined && s.distanceM < min - t.setbackM;
    auto(`planning.setbacksM.${colour}`, {
      condition: `setbacksM.${colour}`,
      requiredText: `≥ ${num(min)} m (−${num(t.setbackM)})`,
      actual: s?.distanceM,
      limit: min,
      unit: 'm',
      verdict: s ? verdict(fail) : 'na',
      offenders: fail ? [s.buildingId] : [],
      detail: s ? `${s.buildingId} → ${s.lineId}` : undefined,
      note: s ? undefined : buildings.length ? 'noLine' : 'noBuildings',
    });
  }
  const misfits = buildings.filter((b) => !isUseCompatible(input.parcel.landUse, b.use));
  auto('planning.landUse', {
    requiredText: input.parcel.landUse,
    verdict: buildings.length ? verdict(misfits.length > 0) : 'na',
    offenders: misfits.map((b) => b.id),
    detail: misfits.map((b) => `${b.id}: ${b.use}`).join('; ') || undefined,
  });
  if (input.heightZones?.length) heightZoneItem(input, buildings, points, auto);
  if (input.design) items.push(...designItems(input.design, asBuiltFor(input.design, buildings, m)));

  // Land.
  auto('land.boundary', {
    verdict: verdict(crossings.length > 0),
    actual: crossings.length,
    offenders: crossings.map((x) => x.buildingId),
    detail: crossings.map((x) => `${x.buildingId}: ${x.owned ? '→' : '←'} ${x.wrongSideM2.toFixed(1)} m²`).join('; ') || undefined,
    note: crossings.length ? 'crossingArrows' : undefined,
  });
  auto('land.siteArea', { actual: m.siteAreaM2, unit: 'm²', verdict: 'na' });

  // Fire.
  const breaches = fireSpacingBreaches(buildings);
  auto('fire.spacing', {
    requiredText: '≥ 13 / 9 / 6 m',
    unit: 'm',
    actual: breaches[0]?.distanceM,
    limit: breaches[0]?.requiredM,
    verdict: buildings.length < 2 ? 'na' : verdict(breaches.length > 0),
    offenders: unique(breaches.flatMap((b) => [b.a, b.b])),
    detail:
      breaches
        .slice(0, 10)
        .map((b) => `${b.a}–${b.b}: ${b.distanceM.toFixed(2)} < ${b.requiredM} m`)
        .join('; ') + (breaches.length > 10 ? `; … +${breaches.length - 10}` : '') || undefined,
  });

  for (const { id, department } of MANUAL_ITEMS) items.push({ id, department, mode: 'manual', verdict: 'pending', offenders: [] });
  sortByDepartment(items);

  const offenders = unique(items.filter((i) => i.verdict === 'fail').flatMap((i) => i.offenders));
  const dimensionLines = LINE_COLOURS.filter((k) => m.setbacks[k]).map((k) => m.setbacks[k]!);
  return {
    parcelId: input.parcel.id,
    landUse: input.parcel.landUse,
    metrics: m,
    items,
    offenders,
    dimensionLines,
    fireSpacing: breaches,
    crossings,
    ...(input.design && { design: input.design }),
  };
}

type AddItem = (id: string, fields: Omit<CheckItem, 'id' | 'department' | 'mode' | 'offenders'> & { offenders?: string[] }) => void;

// Each building against the strictest height-limit zone containing its point on surface, with the height tolerance.
function heightZoneItem(input: ReviewInput, buildings: ReviewBuilding[], points: Float64Array, add: AddItem): void {
  const tol = input.conditions.tolerances.heightM;
  const zones = [...input.heightZones!].sort((a, b) => a.maxHeightM - b.maxHeightM);
  const offenders: string[] = [];
  const details: string[] = [];
  let strictest: HeightZone | null = null;
  let tallestZonedM = 0;
  for (let i = 0; i < buildings.length; i++) {
    const b = buildings[i];
    if (b.heightM === null) continue;
    const zone = zones.find((z) => containsPoint(z.footprint, points[i * 2], points[i * 2 + 1]));
    if (!zone) continue;
    if (!strictest || zone.maxHeightM < strictest.maxHeightM) strictest = zone;
    tallestZonedM = Math.max(tallestZonedM, b.heightM);
    if (b.heightM > zone.maxHeightM + tol) {
      offenders.push(b.id);
      details.push(`${b.id}: ${num(b.heightM)} m > ${zone.id} ${num(zone.maxHeightM)} m`);
    }
  }
  const z = strictest;
  add('planning.heightZones', {
    requiredText: z ? `≤ ${num(z.maxHeightM)} m (+${num(tol)})` : undefined,
    limit: z?.maxHeightM,
    unit: 'm',
    actual: z ? tallestZonedM : undefined,
    verdict: z ? (offenders.length ? 'fail' : 'pass') : 'na',
    offenders,
    detail: details.join('; ') || (z ? `${z.id} ${z.name}` : undefined),
    note: z ? undefined : 'outsideZones',
  });
}

const DEPARTMENT_ORDER: Record<Department, number> = { planning: 0, land: 1, fire: 2, civilDefence: 3 };

function sortByDepartment(items: CheckItem[]): void {
  const order = new Map(items.map((it, i) => [it, i]));
  items.sort((a, b) => DEPARTMENT_ORDER[a.department] - DEPARTMENT_ORDER[b.department] || order.get(a)! - order.get(b)!);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
