// Plan mode's layers: land-use plan versions and control lines as imagery drawn in the planning worker
// (draped on the terrain, swipeable), and height-limit zones as translucent ceilings with their limit.
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  Event,
  GeographicTilingScheme,
  GeometryInstance,
  ImageryLayer,
  LabelCollection,
  LabelStyle,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Primitive,
  Rectangle,
  SplitDirection,
  VerticalOrigin,
  type ImageryProvider,
  type Viewer,
} from 'cesium';
import type { LineColour } from '../../core/planning/types';
import { LINE_COLOURS } from '../../core/planning/types';
import type { SceneLayer } from './layer';
import type { AppState } from '../../state/store';

export interface PlanTileSource {
  landUse(version: string, x: number, y: number, level: number): Promise<ImageBitmap>;
  line(kind: LineColour, x: number, y: number, level: number): Promise<ImageBitmap>;
}

export interface CeilingZone {
  id: string;
  name: string;
  maxHeightM: number;
  ringLonLatDeg: Float64Array;
  /** Ground under the zone (m): the ceiling is drawn at ground + limit. */
  groundM: number;
}

export interface PlanLayersState {
  landUse: boolean;
  version: string;
  compare: { mode: 'off' | 'swipe' | 'split'; version: string; position: number };
  lines: Record<LineColour, boolean>;
  heightLimits: boolean;
}

/** A Cesium imagery provider whose tiles come from a function (our worker), limited to the city. */
export class FunctionImageryProvider {
  readonly tilingScheme = new GeographicTilingScheme();
  readonly tileWidth = 256;
  readonly tileHeight = 256;
  readonly minimumLevel = 0;
  readonly maximumLevel = 20;
  readonly tileDiscardPolicy = undefined;
  readonly errorEvent = new Event();
  readonly credit = undefined;
  readonly proxy = undefined;
  readonly hasAlphaChannel = true;
  private warned = false;

  constructor(
    readonly rectangle: Rectangle,
    private readonly tile: (x: number, y: number, level: number) => Promise<ImageBitmap>,
    /** What the tiles show, for the warning when one fails. */
    private readonly what = 'planning',
  ) {}

  getTileCredits(): undefined {
    return undefined;
  }

  requestImage(x: number, y: number, level: number): Promise<ImageBitmap | HTMLCanvasElement> {
    return this.tile(x, y, level).catch((err: Error) => {
      // A tile the worker could not draw stays empty; the layer keeps working.
      if (!this.warned) console.warn(`[cim] ${this.what} tile failed:`, err.message);
      this.warned = true;
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      return c;
    });
  }

  pickFeatures(): undefined {
    return undefined;
  }
}

const LIMIT_COLOURS: [number, Color][] = [
  [30, Color.fromBytes(230, 57, 70, 70)],
  [60, Color.fromBytes(244, 162, 97, 64)],
  [100, Color.fromBytes(233, 196, 106, 58)],
  [Infinity, Color.fromBytes(42, 157, 143, 50)],
];

function limitColour(maxHeightM: number): Color {
  return LIMIT_COLOURS.find(([m]) => maxHeightM <= m)![1];
}

/** Translucent ceilings at ground + limit with their outline and a label "限高 24 m". */
function createCeilings(viewer: Viewer, zones: CeilingZone[]): { show(on: boolean): void; ready(): boolean; destroy(): void } {
  const instances = zones.map((z) => {
    const positions = Cartesian3.fromDegreesArray(Array.from(z.ringLonLatDeg));
    return new GeometryInstance({
      geometry: new PolygonGeometry({ polygonHierarchy: new PolygonHierarchy(positions), height: z.groundM + z.maxHeightM }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(limitColour(z.maxHeightM)) },
      id: { layer: 'heightLimits', zoneId: z.id },
    });
  });
  const primitive = viewer.scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ translucent: true, closed: false, flat: true }),
      asynchronous: true,
    }),
  ) as Primitive;
  const outlines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  const labels = viewer.scene.primitives.add(new LabelCollection()) as LabelCollection;
  for (const z of zones) {
    const h = z.groundM + z.maxHeightM;
    const flat: number[] = [];
    for (let i = 0; i < z.ringLonLatDeg.length; i += 2) flat.push(z.ringLonLatDeg[i], z.ringLonLatDeg[i + 1], h);
    outlines.add({
      positions: Cartesian3.fromDegreesArrayHeights(flat),
      width: 2,
      material: Material.fromType('Color', { color: limitColour(z.maxHeightM).withAlpha(0.95) }),
    });
    labels.add({
      position: Cartesian3.fromDegrees(z.ringLonLatDeg[0], z.ringLonLatDeg[1], h + 4),
      text: `${z.name} 限高 ${z.maxHeightM} m`,
      font: '14px sans-serif',
      fillColor: Color.WHITE,
      outlineColor: Color.BLACK,
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      verticalOrigin: VerticalOrigin.BOTTOM,
    });
  }
  return {
    show(on) {
      primitive.show = on;
      outlines.show = on;
      labels.show = on;
    },
    ready: () => !primitive.show || primitive.ready,
    destroy() {
      viewer.scene.primitives.remove(primitive);
      viewer.scene.primitives.remove(outlines);
      viewer.scene.primitives.remove(labels);
    },
  };
}

export function selectPlanLayers(s: AppState): PlanLayersState {
  const p = s.plan;
  return { landUse: p.landUse, version: p.version, compare: p.compare, lines: p.lines, heightLimits: p.heightLimits };
}

export function createPlanLayers(
  viewer: Viewer,
  tiles: PlanTileSource,
  bboxDeg: [number, number, number, number],
  zones: CeilingZone[],
): SceneLayer<PlanLayersState> {
  const rectangle = Rectangle.fromDegrees(...bboxDeg);
  const landUse = new Map<string, ImageryLayer>();
  const lines = new Map<LineColour, ImageryLayer>();
  const ceilings = createCeilings(viewer, zones);

  // Imagery layers are made on first show: a hidden plan costs nothing. Lines stay above every plan.
  const imageryLayer = (tile: (x: number, y: number, level: number) => Promise<ImageBitmap>) => {
    const layer = new ImageryLayer(new FunctionImageryProvider(rectangle, tile) as unknown as ImageryProvider, { rectangle });
    viewer.imageryLayers.add(layer);
    for (const l of lines.values()) viewer.imageryLayers.raiseToTop(l);
    return layer;
  };
  const landUseLayer = (version: string) => {
    if (!landUse.has(version))
      landUse.set(
        version,
        imageryLayer((x, y, level) => tiles.landUse(version, x, y, level)),
      );
    return landUse.get(version)!;
  };
  const lineLayer = (kind: LineColour) => {
    if (!lines.has(kind))
      lines.set(
        kind,
        imageryLayer((x, y, level) => tiles.line(kind, x, y, level)),
      );
    return lines.get(kind)!;
  };

  return {
    key: 'plan',
    count: zones.length,
    ready: () => ceilings.ready(),
    update(s) {
      const swipe = s.landUse && s.compare.mode === 'swipe' && s.compare.version !== s.version;
      for (const [version, layer] of landUse) layer.show = s.landUse && (version === s.version || (swipe && version === s.compare.version));
      if (s.landUse) {
        const a = landUseLayer(s.version);
        a.show = true;
        a.splitDirection = swipe ? SplitDirection.LEFT : SplitDirection.NONE;
        if (swipe) {
          const b = landUseLayer(s.compare.version);
          b.show = true;
          b.splitDirection = SplitDirection.RIGHT;
        }
      }
      viewer.scene.splitPosition = s.compare.position;
      for (const kind of LINE_COLOURS) {
        if (s.lines[kind]) lineLayer(kind).show = true;
        else if (lines.has(kind)) lines.get(kind)!.show = false;
      }
      ceilings.show(s.heightLimits);
      viewer.scene.requestRender();
    },
    destroy() {
      for (const l of [...landUse.values(), ...lines.values()]) viewer.imageryLayers.remove(l, true);
      ceilings.destroy();
    },
  };
}
