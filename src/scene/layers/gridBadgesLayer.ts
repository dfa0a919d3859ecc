// Count badges on the level-1 grids while a live feed runs: sensors in alarm (red) or warning (orange).
import { Cartesian3, Color, LabelCollection, LabelStyle, VerticalOrigin, type Label, type Viewer } from 'cesium';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';

export interface GridBadge {
  id: string;
  name: string;
  lonLatDeg: [number, number];
  alarm: number;
  warning: number;
}

const ALARM = Color.fromCssColorString('#ff1f1f');
const WARNING = Color.fromCssColorString('#fa8c16');
/** Badges float above the city's roofs. */
const BADGE_HEIGHT_M = 260;

/** Shown with the sensors: the live alarm counts per level-1 grid. */
export function selectGridBadges(s: AppState): { visible: boolean; grids: GridBadge[] } {
  return { visible: s.layers.sensors, grids: s.live.grids };
}

export function createGridBadgesLayer(viewer: Viewer): SceneLayer<{ visible: boolean; grids: GridBadge[] }> {
  const labels = viewer.scene.primitives.add(new LabelCollection()) as LabelCollection;
  const byId = new Map<string, Label>();
  let shown: GridBadge[] | null = null;
  return {
    key: 'gridBadges',
    get count() {
      return byId.size;
    },
    ready: () => true,
    update({ visible, grids }) {
      labels.show = visible;
      if (grids === shown) return;
      shown = grids;
      for (const g of grids) {
        let label = byId.get(g.id);
        if (!label) {
          label = labels.add({
            position: Cartesian3.fromDegrees(g.lonLatDeg[0], g.lonLatDeg[1], BADGE_HEIGHT_M),
            font: 'bold 18px sans-serif',
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineColor: Color.WHITE,
            outlineWidth: 4,
            showBackground: false,
            verticalOrigin: VerticalOrigin.BOTTOM,
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          });
          byId.set(g.id, label);
        }
        label.show = g.alarm + g.warning > 0;
        label.text = g.alarm ? `${g.name} ⚠ ${g.alarm}` : `${g.name} △ ${g.warning}`;
        label.fillColor = g.alarm ? ALARM : WARNING;
      }
      viewer.scene.requestRender();
    },
    destroy() {
      viewer.scene.primitives.remove(labels);
    },
  };
}
