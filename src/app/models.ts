// 3D models into the city: the dropped files read in the tiles worker, placed by the user (the file's georeferencing,
// or a point picked on the map in the city's CRS, a rotation and a scale, the footprint drawn live), tiled there and
// served from memory; then the parcel it stands on and the city building it replaces are found, and the store lists it
// (the models layer draws it; the review of that parcel takes its design values).
import { proxy } from 'comlink';
import {
  Cartesian3,
  Cartographic,
  Color,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Entity,
  type Viewer,
} from 'cesium';
import { transformPoint } from '../core/crs/transform';
import { ModelError, type ModelPlacement, type ModelSummary } from '../core/models/model';
import { placementFromGeoref } from '../core/models/placement';
import { background } from '../core/util/background';
import { flyToPoint } from '../scene/camera';
import { groundUnder } from '../scene/picking';
import { modelId } from '../state/slices/models';
import { actions, type AppStore } from '../state/store';
import type { ModelActions } from '../ui/models/ModelDialog';
import type { ModelPanelActions } from '../ui/models/ModelPanel';
import { MAX_IMPORT_BYTES } from './importLayers';
import { savedModels } from './modelStore';
import { track, type Workers } from './workers';

/** Ring centroid (vertex mean) of a closed lon/lat ring: where the parcel and the building under a model are looked up. */
function ringCentre(ring: readonly number[]): [number, number] {
  let x = 0,
    y = 0;
  const n = ring.length / 2 - 1;
  for (let i = 0; i < n; i++) {
    x += ring[2 * i];
    y += ring[2 * i + 1];
  }
  return [x / n, y / n];
}

/** The placement's reference point in lon/lat degrees: where its parcel and building are looked up. */
export function placedPoint(p: ModelPlacement): [number, number] {
  const [lon, lat] = transformPoint(p.crs, 'EPSG:4490', [p.x, p.y]);
  return [lon, lat];
}

export interface ModelLookups {
  /** The parcel under a point, or null (no plan loaded, or no parcel there). */
  parcelAt(lonLatDeg: [number, number]): Promise<string | null>;
  /** The city building under a point, or null. */
  buildingAt(lonLatDeg: [number, number]): Promise<string | null>;
}

export function createModelActions(
  viewer: Viewer,
  store: AppStore,
  workers: Workers,
  lookups: ModelLookups,
  manifestUrl: string,
): ModelActions & ModelPanelActions & { restore(): Promise<void>; destroy(): void } {
  let preview: Entity | null = null;
  /** What each open job was read from, to keep it with the city once placed. */
  const opened = new Map<number, { summary: ModelSummary; files: File[] | { name: string; blob: Blob }[]; unit: number | null }>();

  /** Tiles the open model `job` at `placement` and lists it in the store under `id`. */
  async function addModel(
    job: number,
    id: string,
    placement: ModelPlacement,
    replaceBuilding: boolean,
    onProgress: (done: number, total: number) => void,
  ): Promise<void> {
    const { summary } = opened.get(job)!;
    const bbox = store.getState().manifest?.bboxLonLatDeg ?? null;
    const tiled = await track(workers.tiles().tileModel(job, placement, bbox, proxy(onProgress)));
    // The parcel and the building are looked up under the point the user placed the model by.
    const centre = placedPoint(placement);
    const [parcelId, buildingId] = await Promise.all([
      lookups.parcelAt(centre).catch(() => null),
      replaceBuilding ? lookups.buildingAt(centre).catch(() => null) : Promise.resolve(null),
    ]);
    const rows = buildingId ? await track(workers.layers.buildingRows([buildingId])) : null;
    const replaces = buildingId && rows && rows[0] >= 0 ? { id: buildingId, row: rows[0] } : null;
    actions.modelPlaced(store, {
      id,
      file: summary.file,
      format: summary.format,
      url: tiled.url,
      placement,
      storeys: summary.storeys,
      elements: tiled.counts.elements,
      triangles: tiled.counts.leafTriangles,
      footprintLonLatDeg: tiled.footprintLonLatDeg,
      replaces,
      parcelId,
      design: tiled.design && { ...tiled.design, ...(replaces && { buildingId: replaces.id }) },
    });
  }
  const cityCrs = () => store.getState().manifest?.metricCrs ?? 'EPSG:4547';

  const clearPreview = () => {
    if (preview) viewer.entities.remove(preview);
    preview = null;
    viewer.scene.requestRender();
  };

  /** The view's centre on the ground, in the city's CRS, with the ground's height. */
  const viewCentre = (): { x: number; y: number; heightM: number } => {
    const canvas = viewer.scene.canvas;
    const hit = groundUnder(viewer, new Cartesian3(canvas.clientWidth / 2, canvas.clientHeight / 2) as never);
    const c = hit ? Cartographic.fromCartesian(hit) : viewer.camera.positionCartographic;
    return pointIn(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude));
  };

  const pointIn = (lonDeg: number, latDeg: number) => {
    const [x, y] = transformPoint('EPSG:4490', cityCrs(), [lonDeg, latDeg]);
    const heightM = viewer.scene.globe.getHeight(Cartographic.fromDegrees(lonDeg, latDeg)) ?? 0;
    return { x, y, heightM };
  };

  const api: ModelActions & ModelPanelActions & { restore(): Promise<void>; destroy(): void } = {
    async open(files, metresPerUnit) {
      const bytes = files.reduce((n, f) => n + f.size, 0);
      if (bytes > MAX_IMPORT_BYTES)
        throw new Error(
          `${files.map((f) => f.name).join(', ')}: ${Math.round(bytes / 2 ** 20)} MB is more than the ${MAX_IMPORT_BYTES / 2 ** 20} MB a browser tab reads; use \`cim model\``,
        );
      const summary = await track(
        workers.tiles().openModel(
          files.map((f) => ({ name: f.name, blob: f })),
          metresPerUnit,
        ),
      );
      opened.set(summary.job, { summary, files, unit: metresPerUnit });
      return summary;
    },

    initialPlacement(summary, byFile) {
      if (byFile && summary.georef) {
        try {
          return placementFromGeoref(summary.file, summary.georef);
        } catch (err) {
          if (!(err instanceof ModelError)) throw err;
          console.warn(err.message);
        }
      }
      // By hand: the model's base centre on the ground at the view's centre, in the city's CRS.
      return { crs: cityCrs(), ...viewCentre(), rotationDeg: 0, scale: 1, anchor: summary.baseCentre };
    },

    preview(job, placement) {
      clearPreview();
      if (!placement) return;
      workers
        .tiles()
        .modelFootprint(job, placement)
        .then(
          (ring) => {
            clearPreview();
            preview = viewer.entities.add({
              polyline: { positions: Cartesian3.fromDegreesArray(ring), clampToGround: true, width: 3, material: Color.ORANGE },
            });
            viewer.scene.requestRender();
          },
          (err: Error) => console.warn(err.message),
        );
    },

    pickPoint() {
      return new Promise((resolve) => {
        const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
        const done = (p: { crs: string; x: number; y: number; heightM: number } | null) => {
          handler.destroy();
          window.removeEventListener('keydown', onKey);
          resolve(p);
        };
        const onKey = (e: KeyboardEvent) => e.key === 'Escape' && done(null);
        window.addEventListener('keydown', onKey);
        handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
          const hit = groundUnder(viewer, e.position);
          if (!hit) return;
          const c = Cartographic.fromCartesian(hit);
          done({ crs: cityCrs(), ...pointIn(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)) });
        }, ScreenSpaceEventType.LEFT_CLICK);
      });
    },

    async place(job, placement, replaceBuilding, onProgress) {
      const open = opened.get(job);
      if (!open) throw new Error('the model was closed; drop it again');
      const id = modelId(open.summary.file, store.getState().models);
      await addModel(job, id, placement, replaceBuilding, onProgress);
      clearPreview();
      api.flyTo(id);
      // Kept with the city: reopening it places the model again.
      const files = open.files.map((f) => ('blob' in f ? f : { name: f.name, blob: f as Blob }));
      background(
        savedModels.put({ manifestUrl, id, files, metresPerUnit: open.unit, placement, replaceBuilding }),
        `keeping ${id} with the city`,
      );
    },

    /** Places again the models kept with this city (after a reload or a rebuilt viewer); one that fails is named and skipped. */
    async restore() {
      for (const saved of await savedModels.list(manifestUrl)) {
        let job: number | null = null;
        try {
          const summary = await track(workers.tiles().openModel(saved.files, saved.metresPerUnit));
          job = summary.job;
          opened.set(job, { summary, files: saved.files, unit: saved.metresPerUnit });
          await addModel(job, saved.id, saved.placement, saved.replaceBuilding, () => {});
        } catch (err) {
          console.warn(`${saved.id}: the model kept with the city could not be placed again: ${(err as Error).message}`);
        } finally {
          if (job !== null) api.close(job);
        }
      }
    },

    cancel: (job) => background(workers.tiles().cancelModel(job), 'cancelling a model'),
    close(job) {
      opened.delete(job);
      background(workers.tiles().closeModel(job), 'closing a model');
    },

    flyTo(id) {
      const m = store.getState().models.find((x) => x.id === id);
      if (!m) return;
      const [lon, lat] = ringCentre(m.footprintLonLatDeg);
      flyToPoint(viewer, lon, lat, m.placement.heightM, 150);
    },
    remove(id) {
      actions.modelRemoved(store, id);
      background(savedModels.remove(manifestUrl, id), `forgetting ${id}`);
    },
    destroy: clearPreview,
  };
  return api;
}
