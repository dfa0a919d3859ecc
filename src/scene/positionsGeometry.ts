// A Cesium geometry straight from packed positions (ECEF metres) and indices, for layers that build their own batches.
import { BoundingSphere, ComponentDatatype, Geometry, GeometryAttribute, GeometryAttributes, type PrimitiveType } from 'cesium';

/** Positions `xyz` (ECEF metres, 3 per vertex) drawn as `primitiveType` through `indices`, bounded by their sphere. */
export function positionsGeometry(xyz: Float64Array, indices: Uint32Array, primitiveType: PrimitiveType): Geometry {
  const attributes = new GeometryAttributes();
  attributes.position = new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: xyz });
  // fromVertices reads the typed array as it would a number[]: no copy needed.
  return new Geometry({ attributes, indices, primitiveType, boundingSphere: BoundingSphere.fromVertices(xyz as unknown as number[]) });
}
