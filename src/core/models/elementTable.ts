// The `element` metadata class: one property-table row per element drawn in a tile (row k = feature id k).
import type { PropertyTable } from '../tiles/glb';
import type { ModelData } from './model';

/** Rows for the model's elements `elements` (model indices), in that order. */
export function elementPropertyTable(model: Pick<ModelData, 'elements' | 'storeys'>, elements: ArrayLike<number>): PropertyTable {
  const n = elements.length;
  const name: string[] = [],
    ifcClass: string[] = [],
    globalId: string[] = [],
    storey: string[] = [],
    properties: string[] = [];
  const storeyIndex = new Int32Array(n),
    elementIndex = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const e = model.elements[elements[r]];
    const s = e.storey ?? -1;
    name.push(e.name);
    ifcClass.push(e.ifcClass ?? '');
    globalId.push(e.globalId ?? '');
    storey.push(s >= 0 ? model.storeys[s].name : '');
    storeyIndex[r] = s;
    properties.push(JSON.stringify(e.properties));
    elementIndex[r] = elements[r];
  }
  return {
    className: 'element',
    count: n,
    columns: {
      name: { type: 'STRING', values: name },
      ifcClass: { type: 'STRING', values: ifcClass, noData: '', description: 'IFC class, e.g. IfcWall' },
      globalId: { type: 'STRING', values: globalId, noData: '', description: 'IFC GlobalId' },
      storey: { type: 'STRING', values: storey, noData: '', description: "The storey's name" },
      storeyIndex: {
        type: 'SCALAR',
        componentType: 'INT32',
        values: storeyIndex,
        noData: -1,
        description: 'Index of the storey, bottom up as the file lists them',
      },
      properties: {
        type: 'STRING',
        values: properties,
        description: 'Property sets and quantities as one JSON object, "Pset.Name": value',
      },
      elementIndex: { type: 'SCALAR', componentType: 'UINT32', values: elementIndex, description: "The element's index in the model" },
    },
  };
}
