// 规划核实 against the design: the values of the design model (an IFC from the architect: height, storeys, gross floor
// area, footprint) compared with the as-built measurements of the building it stands for, or of the parcel's buildings
// together when the model stands for no one building. Each comparison is one planning item; it fails only when the
// as-built value differs from the design by more than the tolerance.
import { areaM2 } from './metricPolygon';
import type { CheckItem, ParcelMetrics, ReviewBuilding, Verdict } from './types';

export interface DesignTolerances {
  /** Height: as-built within ± this many metres of the design. */
  heightM: number;
  /** Gross floor area and footprint: within ± this fraction of the design (0.03 = 3 %). */
  areaRatio: number;
  /** Storeys above ground: within ± this many (0: exactly the design's). */
  storeys: number;
}

export const DEFAULT_DESIGN_TOLERANCES: DesignTolerances = { heightM: 0.5, areaRatio: 0.03, storeys: 0 };

/** One storey of the design: its gross floor area and where the figure came from. */
export interface DesignStorey {
  name: string;
  elevationM: number;
  gfaM2: number;
  /** 'quantities': the file's own quantity sets; 'computed': measured from the geometry because the file gave none. */
  source: 'quantities' | 'computed';
}

/** The design values of one model (src/core/models/design.ts makes them from an IFC). */
export interface DesignInput {
  /** The model's file, named in the report. */
  file: string;
  /** The as-built building the design is for; absent: the parcel's buildings together. */
  buildingId?: string;
  heightM: number;
  /** Storeys above ground. */
  storeys: number;
  gfaM2: number;
  footprintM2: number;
  storeyAreas: DesignStorey[];
  tolerances?: Partial<DesignTolerances>;
}

/** The as-built side of the comparison: one building's measurements, or the parcel's. */
export interface AsBuilt {
  heightM: number | null;
  storeys: number | null;
  floorAreaM2: number | null;
  footprintM2: number;
  /** Who was measured: the building id, or the parcel's building ids. */
  ids: string[];
}

/** The as-built measurements the design is compared with: its building if it names one in the parcel, else the parcel. */
export function asBuiltFor(design: DesignInput, buildings: ReviewBuilding[], metrics: ParcelMetrics): AsBuilt {
  const one = design.buildingId !== undefined ? buildings.find((b) => b.id === design.buildingId) : undefined;
  if (one) {
    const a = areaM2(one.footprint);
    return {
      heightM: one.heightM,
      storeys: one.floors,
      floorAreaM2: one.floors === null ? null : a * one.floors,
      footprintM2: a,
      ids: [one.id],
    };
  }
  const floors = buildings.map((b) => b.floors).filter((f): f is number => f !== null);
  return {
    heightM: buildings.length ? metrics.maxHeightM : null,
    storeys: floors.length ? Math.max(...floors) : null,
    floorAreaM2: metrics.estimates.unmeasured.length ? null : metrics.floorAreaM2,
    footprintM2: metrics.footprintM2,
    ids: metrics.buildingIds,
  };
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** The design items of the planning department: height, storeys, gross floor area and footprint against the design. */
export function designItems(design: DesignInput, asBuilt: AsBuilt): CheckItem[] {
  const tol = { ...DEFAULT_DESIGN_TOLERANCES, ...design.tolerances };
  const detail = `${design.file}${design.buildingId ? ` → ${design.buildingId}` : ''}`;
  const item = (
    key: string,
    designValue: number,
    actual: number | null,
    allowed: number,
    unit: string | undefined,
    allowedText: string,
  ): CheckItem => {
    const verdict: Verdict = actual === null ? 'na' : Math.abs(actual - designValue) > allowed + 1e-9 ? 'fail' : 'pass';
    return {
      id: `planning.design.${key}`,
      department: 'planning',
      mode: 'auto',
      requiredText: `= ${num(designValue)}${unit ? ` ${unit}` : ''} (±${allowedText})`,
      ...(actual !== null && { actual }),
      limit: designValue,
      ...(unit && { unit }),
      verdict,
      offenders: verdict === 'fail' ? asBuilt.ids : [],
      detail,
    };
  };
  const pct = `${num(tol.areaRatio * 100)} %`;
  return [
    item('heightM', design.heightM, asBuilt.heightM, tol.heightM, 'm', `${num(tol.heightM)} m`),
    item('storeys', design.storeys, asBuilt.storeys, tol.storeys, undefined, num(tol.storeys)),
    item('gfaM2', design.gfaM2, asBuilt.floorAreaM2, design.gfaM2 * tol.areaRatio, 'm²', pct),
    item('footprintM2', design.footprintM2, asBuilt.footprintM2, design.footprintM2 * tol.areaRatio, 'm²', pct),
  ];
}
