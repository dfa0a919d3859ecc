// The triangle mesh every tile content is made of, before it is written as glb: positions in a local
// east-north-up frame (metres, z up) around a tile origin, normals (or none), and a feature id per vertex
// that indexes the tile's property table (EXT_mesh_features / EXT_structural_metadata).

export interface FeatureMesh {
  /** x (east), y (north), z (up) in metres, relative to the tile origin. */
  positions: Float32Array;
  /** Unit normals, same frame, one per vertex; empty for none (flat faces the client shades, as building prisms). */
  normals: Float32Array;
  /** Triangles, counter-clockwise seen from outside. */
  indices: Uint32Array;
  /** Feature (row of the tile's property table) of each vertex. */
  featureIds: Uint32Array;
}

/** Where a tile's local frame sits on the ellipsoid: lon/lat in degrees, height in metres. */
export interface TileOrigin {
  lonDeg: number;
  latDeg: number;
  heightM: number;
}
