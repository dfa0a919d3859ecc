// The checks a model passes before it is placed and tiled: every part's arrays agree with each other and with the
// model's elements, materials and storeys, and the triangle count is within the limit. A failure names the file and
// the part; nothing is half written.
import { ModelError, modelTriangles, type ModelData } from './model';

/** Default limit on a model's triangles (a city viewer's budget, not WebGL's). */
export const DEFAULT_MAX_TRIANGLES = 20_000_000;

/** Throws a ModelError naming the file and the first fault; returns the model's triangle count. */
export function checkModel(model: ModelData, maxTriangles = DEFAULT_MAX_TRIANGLES): number {
  const fail = (message: string): never => {
    throw new ModelError(model.file, message);
  };
  const triangles = modelTriangles(model);
  if (triangles > maxTriangles)
    fail(
      `${triangles.toLocaleString('en')} triangles, more than the limit of ${maxTriangles.toLocaleString('en')}: simplify the model or split it`,
    );
  if (triangles === 0) fail('no triangles to draw');
  model.elements.forEach((e, i) => {
    if (e.storey !== undefined && !(Number.isInteger(e.storey) && e.storey >= 0 && e.storey < model.storeys.length))
      fail(`element ${i} (${e.name}) is in storey ${e.storey}, but the model has ${model.storeys.length} storeys`);
  });
  model.parts.forEach((p, i) => {
    const where = `part ${i}`;
    if (!(p.element >= 0 && p.element < model.elements.length))
      fail(`${where} belongs to element ${p.element}, of ${model.elements.length}`);
    if (!(p.material >= 0 && p.material < model.materials.length))
      fail(`${where} has material ${p.material}, of ${model.materials.length}`);
    if (p.positions.length % 3 !== 0) fail(`${where} has ${p.positions.length} position values, not a multiple of 3`);
    if (p.indices.length % 3 !== 0) fail(`${where} has ${p.indices.length} indices, not whole triangles`);
    const n = p.positions.length / 3;
    if (p.normals && p.normals.length !== p.positions.length) fail(`${where} has ${p.normals.length / 3} normals for ${n} vertices`);
    if (p.uvs && p.uvs.length !== 2 * n) fail(`${where} has ${p.uvs.length / 2} texture coordinates for ${n} vertices`);
    for (let k = 0; k < p.positions.length; k++)
      if (!Number.isFinite(p.positions[k])) fail(`${where}: vertex ${Math.floor(k / 3)} has a coordinate ${p.positions[k]}`);
    for (let k = 0; k < p.indices.length; k++) if (p.indices[k] >= n) fail(`${where}: index ${p.indices[k]} is past its ${n} vertices`);
  });
  return triangles;
}
