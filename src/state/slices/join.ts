// Grid slice: the building -> grid join's progress and outcome, the grid selected and the level a click selects.
import type { SliceStore } from '../sliceStore';

/** Statistics of one grid at any level, from the building -> grid join. */
export interface GridStatsRecord {
  id: string;
  name: string;
  level: number;
  buildings: number;
  footprintAreaM2: number;
  floorAreaM2: number;
  /** Buildings per land-use code. */
  byUse: Record<string, number>;
}

export interface JoinState {
  phase: 'idle' | 'running' | 'done' | 'error';
  donePoints: number;
  totalPoints: number;
  error?: string;
  assigned?: number;
  unassigned?: number;
  joinMs?: number;
}

/** A building outside every grid: index and id, for the list with fly-to. */
export interface UnassignedBuilding {
  index: number;
  id: string;
}

/** A building whose footprint crosses a grid boundary, with the share inside its main grid. */
export interface StraddlingBuilding {
  index: number;
  id: string;
  share: number;
}

export interface JoinSlice {
  join: JoinState;
  selectedGrid: GridStatsRecord | null;
  /** Feature index (in the grids layer) of the selected grid, for the outline highlight. */
  selectedGridIndex: number | null;
  /** The level a click in grid mode selects. */
  gridLevel: 1 | 2 | 3;
  /** Derived from the join for the scene: RGBA per building (by grid), and the selected grid's buildings. */
  buildingPalette: Uint8Array | null;
  buildingGroup: Uint32Array | null;
  unassigned: UnassignedBuilding[];
  straddlers: StraddlingBuilding[];
}

export function initialJoin(): JoinSlice {
  return {
    join: { phase: 'idle', donePoints: 0, totalPoints: 0 },
    selectedGrid: null,
    selectedGridIndex: null,
    gridLevel: 3,
    buildingPalette: null,
    buildingGroup: null,
    unassigned: [],
    straddlers: [],
  };
}

type Store = SliceStore<JoinSlice>;

const NO_GRID: Pick<JoinSlice, 'selectedGrid' | 'selectedGridIndex' | 'buildingGroup'> = {
  selectedGrid: null,
  selectedGridIndex: null,
  buildingGroup: null,
};

export const joinActions = {
  /** Another level drops the selected grid (it belongs to the level it was picked at). */
  setGridLevel(store: Store, gridLevel: 1 | 2 | 3): void {
    const s = store.getState();
    if (s.gridLevel === gridLevel) return;
    store.setState(s.selectedGridIndex === null ? { gridLevel } : { gridLevel, ...NO_GRID });
  },
  joinProgress(store: Store, donePoints: number, totalPoints: number): void {
    store.setState({ join: { phase: 'running', donePoints, totalPoints } });
  },
  joinFailed(store: Store, error: string): void {
    store.setState({ join: { phase: 'error', donePoints: 0, totalPoints: 0, error } });
  },
  /** The join's outcome and the colours it gives the buildings (its lists follow in a render of their own). */
  joinDone(store: Store, outcome: { totalPoints: number; unassigned: number; joinMs: number }, buildingPalette: Uint8Array): void {
    const { totalPoints, unassigned, joinMs } = outcome;
    store.setState({
      join: { phase: 'done', donePoints: totalPoints, totalPoints, assigned: totalPoints - unassigned, unassigned, joinMs },
      buildingPalette,
    });
  },
  setJoinLists(store: Store, unassigned: UnassignedBuilding[], straddlers: StraddlingBuilding[]): void {
    store.setState({ unassigned, straddlers });
  },
  /** A grid edit moved buildings: the counts, colours and lists follow, the join's phase and time stay. */
  joinRedone(
    store: Store,
    buildings: number,
    buildingPalette: Uint8Array,
    unassigned: UnassignedBuilding[],
    straddlers: StraddlingBuilding[],
  ): void {
    store.setState((s) => ({
      join: { ...s.join, assigned: buildings - unassigned.length, unassigned: unassigned.length },
      buildingPalette,
      unassigned,
      straddlers,
    }));
  },
  selectGridRecord(store: Store, record: GridStatsRecord, index: number, buildings: Uint32Array): void {
    store.setState({ selectedGrid: record, selectedGridIndex: index, buildingGroup: buildings });
  },
  clearGridSelection(store: Store): void {
    store.setState(NO_GRID);
  },
};
