// The models a user placed in the browser, kept with the city in IndexedDB: the dropped files (blobs), the unit the
// user chose and the placement, per city manifest. Reopening the city (a reload, a rebuilt viewer) reads, places and
// tiles each one again, so a placement made in the viewer is not lost with the page.
import { openDB, type DBSchema } from 'idb';
import type { ModelPlacement } from '../core/models/model';

export interface SavedModel {
  /** `${manifestUrl}|${id}`. */
  key: string;
  manifestUrl: string;
  /** The model's id in the store. */
  id: string;
  files: { name: string; blob: Blob }[];
  metresPerUnit: number | null;
  placement: ModelPlacement;
  replaceBuilding: boolean;
  savedAt: string;
}

interface ModelsDb extends DBSchema {
  models: { key: string; value: SavedModel; indexes: { manifestUrl: string } };
}

const open = () =>
  openDB<ModelsDb>('cim-models', 1, {
    upgrade(d) {
      d.createObjectStore('models', { keyPath: 'key' }).createIndex('manifestUrl', 'manifestUrl');
    },
  });

export const savedModels = {
  async put(model: Omit<SavedModel, 'key' | 'savedAt'>): Promise<void> {
    const db = await open();
    await db.put('models', { ...model, key: `${model.manifestUrl}|${model.id}`, savedAt: new Date().toISOString() });
    db.close();
  },
  async remove(manifestUrl: string, id: string): Promise<void> {
    const db = await open();
    await db.delete('models', `${manifestUrl}|${id}`);
    db.close();
  },
  /** The city's saved models, oldest first. */
  async list(manifestUrl: string): Promise<SavedModel[]> {
    const db = await open();
    const all = await db.getAllFromIndex('models', 'manifestUrl', manifestUrl);
    db.close();
    return all.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  },
};
