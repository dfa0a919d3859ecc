// Flat shading for building tiles written without normals (walls and roof share vertices): CesiumJS draws a primitive
// without NORMAL unlit, so this custom shader turns PBR lighting back on with each face's normal from screen derivatives.
import { CustomShader, LightingModel } from 'cesium';

/** The face normal in eye coordinates, turned towards the camera: exact for planar faces (walls and roofs are). */
const FRAGMENT = `
void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
  vec3 p = fsInput.attributes.positionEC;
  vec3 n = normalize(cross(dFdx(p), dFdy(p)));
  material.normalEC = dot(n, p) < 0.0 ? n : -n;
}
`;

/** A new flat-shading custom shader for one building tileset (tiles with normals shade the same through it). */
export function flatShading(): CustomShader {
  return new CustomShader({ lightingModel: LightingModel.PBR, fragmentShaderText: FRAGMENT });
}
