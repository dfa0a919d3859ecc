// Flat shading for building tiles written without normals (walls and roof share vertices). CesiumJS lights a primitive
// only when it has NORMAL (its lighting stage's PBR path needs HAS_NORMALS; without, it passes the diffuse colour on),
// so this custom shader lights such a primitive itself, with each face's normal from screen derivatives and the same
// terms as the lighting stage's computePbrLighting (direct light, emissive, image-based light when on). A primitive that
// has normals is left to CesiumJS, unchanged.
import { CustomShader, LightingModel } from 'cesium';

// The lighting stage then adds nothing: without normals its PBR path outputs diffuse · occlusion + emissive, tonemapped.
const FRAGMENT = `
void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
#ifndef HAS_NORMALS
  vec3 p = fsInput.attributes.positionEC;
  vec3 n = normalize(cross(dFdx(p), dFdy(p)));
  n = dot(n, p) < 0.0 ? n : -n;
  material.normalEC = n;
  vec3 v = -normalize(p);
  vec3 color = czm_lightColorHdr * czm_pbrLighting(v, n, normalize(czm_lightDirectionEC), material) + material.emissive;
#if defined(USE_IBL_LIGHTING) && (defined(DIFFUSE_IBL) || defined(SPECULAR_IBL))
  color += textureIBL(v, n, material);
#endif
  material.diffuse = color;
  material.occlusion = 1.0;
  material.emissive = vec3(0.0);
#endif
}
`;

/** A new flat-shading custom shader for one building tileset. */
export function flatShading(): CustomShader {
  return new CustomShader({ lightingModel: LightingModel.PBR, fragmentShaderText: FRAGMENT });
}
