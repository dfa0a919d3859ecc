// What a click handler works with: the store, the workers and the modes' sessions on the current viewer.
import type { GridsView } from '../../scene/layers/gridsLayer';
import type { PickId } from '../../scene/layers/layer';
import type { AppStore } from '../../state/store';
import type { GridSession } from '../gridSession';
import type { PlanningSession } from '../planning';
import type { Workers } from '../workers';

export interface ClickContext {
  store: AppStore;
  workers: Workers;
  planning: PlanningSession;
  grid: GridSession;
  /** The grids as drawn (which levels show where, the grid under a point), null before the grids layer exists. */
  gridsView(): GridsView | null;
  /** Selects the imported overlay's feature at a ground point; false when there is none (or no overlay). */
  overlayAt(ground: [number, number]): Promise<boolean>;
}

/** A click: the feature under it (null: none) and the ground point [lon, lat] degrees (null: the sky). */
export interface Click {
  id: PickId | null;
  ground: [number, number] | null;
}
