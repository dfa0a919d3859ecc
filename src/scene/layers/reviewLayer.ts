// Review mode's overlay: the parcel under review outlined, and each measured setback or fire-spacing breach
// drawn as a dimension line with its distance, in the colour of the control line it is measured to.
import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PolylineCollection,
  VerticalOrigin,
  type Viewer,
} from 'cesium';
import { LINE_COLOUR_CSS } from '../../core/planning/sitePlan';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';

export interface DimensionLine {
  kind: string;
  distanceM: number;
  fromLonLatDeg: [number, number];
  toLonLatDeg: [number, number];
  /** Ground under each end (m). */
  groundM: [number, number];
  /** True when this distance breaks its requirement. */
  failed: boolean;
}

export interface ReviewOverlay {
  ringLonLatDeg: Float64Array;
  /** Ground under each ring vertex (m). */
  ringGroundM: Float32Array;
  dimensions: DimensionLine[];
}

const KIND_COLOURS: Record<string, Color> = {
  ...Object.fromEntries(Object.entries(LINE_COLOUR_CSS).map(([k, css]) => [k, Color.fromCssColorString(css)])),
  fire: Color.fromCssColorString('#ff5500'),
};
const PARCEL_COLOUR = Color.fromCssColorString('#00e5ff');
/** Lines float this far above the ground so the terrain does not swallow them. */
const LIFT_M = 2;

export function selectReview(s: AppState): { visible: boolean } {
  return { visible: s.mode === 'review' };
}

export function createReviewLayer(viewer: Viewer, overlay: ReviewOverlay): SceneLayer<{ visible: boolean }> {
  const lines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  const labels = viewer.scene.primitives.add(new LabelCollection()) as LabelCollection;
  const ring: number[] = [];
  for (let i = 0; i < overlay.ringGroundM.length; i++)
    ring.push(overlay.ringLonLatDeg[2 * i], overlay.ringLonLatDeg[2 * i + 1], overlay.ringGroundM[i] + LIFT_M);
  lines.add({
    positions: Cartesian3.fromDegreesArrayHeights(ring),
    width: 4,
    material: Material.fromType('Color', { color: PARCEL_COLOUR }),
  });
  for (const d of overlay.dimensions) {
    const colour = KIND_COLOURS[d.kind] ?? Color.WHITE;
    const h0 = d.groundM[0] + LIFT_M + 1;
    const h1 = d.groundM[1] + LIFT_M + 1;
    const a = Cartesian3.fromDegrees(d.fromLonLatDeg[0], d.fromLonLatDeg[1], h0);
    const b = Cartesian3.fromDegrees(d.toLonLatDeg[0], d.toLonLatDeg[1], h1);
    lines.add({ positions: [a, b], width: d.failed ? 5 : 3, material: Material.fromType('PolylineArrow', { color: colour }) });
    lines.add({ positions: [b, a], width: d.failed ? 5 : 3, material: Material.fromType('PolylineArrow', { color: colour }) });
    labels.add({
      position: Cartesian3.midpoint(a, b, new Cartesian3()),
      text: `${d.distanceM.toFixed(1)} m`,
      font: d.failed ? 'bold 16px sans-serif' : '14px sans-serif',
      fillColor: d.failed ? Color.fromCssColorString('#ff4d4f') : Color.WHITE,
      outlineColor: Color.BLACK,
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.BOTTOM,
      pixelOffset: new Cartesian2(0, -6),
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      distanceDisplayCondition: new DistanceDisplayCondition(0, 3000),
    });
  }
  return {
    key: 'review',
    count: overlay.dimensions.length,
    ready: () => true,
    update(s) {
      lines.show = s.visible;
      labels.show = s.visible;
    },
    destroy() {
      viewer.scene.primitives.remove(lines);
      viewer.scene.primitives.remove(labels);
    },
  };
}
