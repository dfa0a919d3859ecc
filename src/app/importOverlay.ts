// A converted layer taken into the city as a plain overlay: its FlatGeobuf handed (transferred, not copied) to a
// worker of its own that styles it by a field and draws its imagery tiles; the scene layer, the store's legend and
// the camera follow. One overlay at a time: a new one replaces the last, and removing it ends its worker.
import { transfer, wrap, type Remote } from 'comlink';
import type { Viewer } from 'cesium';
import { defaultMode, type FieldStyleMode, type RampBreaks, type StyleClass } from '../core/style/fieldStyle';
import type { CityScene } from '../scene/cityScene';
import { createOverlayLayer, flyToBox, pickToleranceDeg } from '../scene/layers/overlayLayer';
import { background } from '../core/util/background';
import { actions, type AppStore } from '../state/store';
import type { OverlayApi } from '../../workers/overlay.worker';
import { track } from './workers';

export interface OverlayRequest {
  /**
   * The converted layer (the import worker's Blob, read in the overlay's worker; or bytes, transferred): CGCS2000
   * lon/lat, columns `id`, `name` and the source's other fields.
   */
  fgb: Uint8Array | Blob;
  /** The file (and layer) name, the legend's title. */
  name: string;
  /** The column to style by (see overlayColumn); null: the first field other than `id`. */
  field: string | null;
  /** Categories or a ramp; null: numbers → ramp, text → categories. */
  mode: FieldStyleMode | null;
  /** ConvertResult's box; unused (the worker measures the layer itself), accepted so the result can be passed as it is. */
  bboxLonLatDeg?: [number, number, number, number];
}

export interface OverlayHandle {
  count: number;
  legend: StyleClass[];
  /** Styles the overlay by another field or mode; the scene asks for its tiles again. */
  restyle(field: string, mode: FieldStyleMode, breaks?: RampBreaks): Promise<StyleClass[]>;
  /** The properties of the drawn feature at a ground point (within `toleranceDeg` of latitude), null when none. */
  featureAt(lonDeg: number, latDeg: number, toleranceDeg: number): Promise<{ index: number; properties: Record<string, unknown> } | null>;
  /** Draws the overlay in a scene (a reopened city's: the worker and its styled layer outlive the viewer). */
  drawIn(viewer: Viewer, scene: CityScene): void;
}

/**
 * The converted layer's column that holds a source field: `id` or `name` when the import mapped the field there, else
 * the field under its own name (writeFgb's convertedColumns).
 */
export function overlayColumn(mapping: Record<string, string | null>, sourceField: string): string {
  for (const target of ['id', 'name']) if (mapping[target] === sourceField) return target;
  return sourceField;
}

/** The overlay shown or loading (handle null until it is ready), its worker, and what stops its loading. */
let current: { handle: OverlayHandle | null; worker: Worker; abort: AbortController } | null = null;

/** Removes the overlay shown (its layer, its legend, its worker). */
export function removeOverlay(scene: CityScene, store: AppStore): void {
  scene.remove('overlay');
  actions.setOverlay(store, null);
  current?.abort.abort();
  current?.worker.terminate();
  current = null;
}

/** The overlay shown, for the legend's controls and the click; null when none. */
export function currentOverlay(): OverlayHandle | null {
  return current?.handle ?? null;
}

/** Starts the overlay's worker, loads and styles the layer, adds it to the scene and the store, flies to it. */
export async function addOverlay(viewer: Viewer, scene: CityScene, store: AppStore, request: OverlayRequest): Promise<OverlayHandle> {
  removeOverlay(scene, store);
  const worker = new Worker(new URL('../../workers/overlay.worker.ts', import.meta.url), { type: 'module', name: 'overlay' });
  const api: Remote<OverlayApi> = wrap<OverlayApi>(worker);
  const abort = new AbortController();
  current = { handle: null, worker, abort };
  // A remove or another overlay while this one loads ends its worker: the load rejects with an AbortError then.
  const stopped = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(new DOMException(`${request.name}: removed while loading`, 'AbortError'))),
  );
  stopped.catch(() => undefined);
  const unlessStopped = <T>(p: Promise<T>) => Promise.race([track(p), stopped]);
  const { name } = request;
  actions.setOverlay(store, {
    name,
    phase: 'loading',
    field: request.field ?? '',
    mode: request.mode ?? 'categories',
    breaks: 'quantile',
    fields: [],
    legend: [],
    visible: true,
    count: 0,
    skipped: 0,
    styleKey: 0,
  });
  try {
    const { fgb } = request;
    const loaded = await unlessStopped(api.load(fgb instanceof Blob ? fgb : transfer(fgb, [fgb.buffer]), name));
    if (loaded.count === 0) throw new Error(`${name}: no feature with a usable geometry (${loaded.skipped} skipped)`);
    const field = request.field ?? loaded.fields.find((f) => f.name !== 'id')?.name ?? 'id';
    const numeric = loaded.fields.find((f) => f.name === field)?.numeric ?? false;
    const mode = request.mode ?? defaultMode(numeric ? 'Real' : 'String');
    const style = await unlessStopped(api.setStyle({ field, mode }));
    const handle: OverlayHandle = {
      count: loaded.count,
      legend: style.classes,
      async restyle(nextField, nextMode, breaks = 'quantile') {
        const next = await track(api.setStyle({ field: nextField, mode: nextMode, breaks }));
        actions.overlayStyled(store, { field: nextField, mode: nextMode, breaks }, next.classes);
        return next.classes;
      },
      featureAt: (lonDeg, latDeg, toleranceDeg) => track(api.featureAt(lonDeg, latDeg, toleranceDeg)),
      // The worker keeps the layer until the overlay is removed (its worker ended), whatever viewer draws it.
      drawIn: (v, s) =>
        s.add(
          'overlay',
          createOverlayLayer(
            v,
            (x, y, level) => api.tile(x, y, level),
            loaded.bboxLonLatDeg,
            loaded.count,
            () => {},
          ),
        ),
    };
    current = { handle, worker, abort };
    actions.setOverlay(store, {
      name,
      phase: 'ready',
      field,
      mode,
      breaks: 'quantile',
      fields: loaded.fields,
      legend: style.classes,
      visible: true,
      count: loaded.count,
      skipped: loaded.skipped,
      styleKey: 1,
    });
    handle.drawIn(viewer, scene);
    flyToBox(viewer, loaded.bboxLonLatDeg);
    return handle;
  } catch (err) {
    worker.terminate();
    if (current?.worker === worker) {
      current = null;
      actions.patchOverlay(store, { phase: 'error', error: (err as Error).message });
    }
    throw err;
  }
}

/**
 * A click on the ground: selects the overlay's feature there (its properties in the info panel) and returns true, or
 * false when the overlay is hidden, absent or has nothing there (the click goes on to the other layers).
 */
export async function selectOverlayFeature(viewer: Viewer, store: AppStore, ground: [number, number]): Promise<boolean> {
  const overlay = current?.handle;
  if (!overlay || !store.getState().overlay?.visible) return false;
  const hit = await overlay.featureAt(ground[0], ground[1], pickToleranceDeg(viewer, ground));
  if (!hit) return false;
  actions.select(store, { layer: 'overlay', index: hit.index, properties: hit.properties });
  return true;
}

/** What the legend panel's controls call (App mounts `<OverlayLegend {...overlayLegendActions(scene, store)} />`). */
export function overlayLegendActions(
  scene: CityScene,
  store: AppStore,
): { onRestyle: (field: string, mode: FieldStyleMode, breaks?: RampBreaks) => void; onRemove: () => void } {
  return {
    onRestyle: (field, mode, breaks) => {
      const overlay = current?.handle;
      if (overlay) background(overlay.restyle(field, mode, breaks), `styling the overlay by ${field}`);
    },
    onRemove: () => removeOverlay(scene, store),
  };
}
