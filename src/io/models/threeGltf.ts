// glTF 2.0 (.gltf with its .bin and images, or .glb) through three.js's GLTFLoader, fed from memory: a plugin answers
// external buffers and every texture from the dropped files, so nothing is fetched and no image is decoded.
import type { Mesh, Object3D } from 'three';
import { GLTFLoader, type GLTFLoaderPlugin, type GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { bytesManager, bytesTexture } from './threeAssets';
import type { ModelTexture } from '../../core/models/model';
import { decodeDataUri, imageMime, type ModelFiles } from './modelFiles';

interface GltfJson {
  buffers?: { uri?: string; byteLength: number }[];
  bufferViews?: { buffer: number; byteOffset?: number; byteLength: number }[];
  textures?: { source?: number }[];
  images?: { uri?: string; bufferView?: number; mimeType?: string; name?: string }[];
}

/** The scene (y-up, metres by the specification) and which object each mesh is an element of. */
export async function loadGltf(
  bytes: Uint8Array,
  binary: boolean,
  files: ModelFiles,
): Promise<{ scene: Object3D; elementOf: (m: Mesh) => Object3D }> {
  if (binary) checkGlb(bytes);
  const loader = new GLTFLoader(bytesManager(files));
  loader.register((parser) => memoryPlugin(parser, files));
  const data = binary ? bytes.slice().buffer : new TextDecoder().decode(bytes);
  const gltf = await loader.parseAsync(data, '');
  const associations = gltf.parser.associations;
  // A glTF mesh with several primitives becomes a Group of Meshes: the group (the node) is the element.
  const elementOf = (mesh: Mesh): Object3D => {
    const parent = mesh.parent;
    const own = associations.get(mesh);
    const group = parent ? associations.get(parent) : undefined;
    return parent && own?.primitives !== undefined && group?.meshes === own.meshes ? parent : mesh;
  };
  return { scene: gltf.scene, elementOf };
}

/** The GLB container's header and chunk lengths, so that a truncated file is named as such. */
function checkGlb(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20 || view.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB file (it does not start with "glTF")');
  const declared = view.getUint32(8, true);
  if (declared > bytes.length) throw new Error(`truncated: its header says ${declared} bytes, the file has ${bytes.length}`);
  for (let at = 12; at < declared;) {
    if (at + 8 > declared) throw new Error(`a chunk header at byte ${at} runs past the end`);
    const length = view.getUint32(at, true);
    if (at + 8 + length > declared) throw new Error(`truncated: a chunk at byte ${at} runs past the end of the file`);
    at += 8 + length;
  }
}

/** External and data: buffers and all images from memory. */
function memoryPlugin(parser: GLTFParser, files: ModelFiles): GLTFLoaderPlugin {
  const json = parser.json as GltfJson;
  const bufferBytes = new Map<number, Uint8Array>();
  const buffer = (i: number): Uint8Array => {
    let out = bufferBytes.get(i);
    if (out) return out;
    const uri = json.buffers?.[i]?.uri ?? '';
    out = uri.startsWith('data:') ? (decodeDataUri(uri) ?? undefined) : files.find(uri)?.bytes;
    if (!out)
      throw new Error(
        uri.startsWith('data:') ? `buffer ${i} is not a base64 data URI` : `buffer ${uri} is missing: drop it together with ${files.main}`,
      );
    bufferBytes.set(i, out);
    return out;
  };
  return {
    name: 'CIM_memory',
    loadBufferView(index: number): Promise<ArrayBuffer> | null {
      const view = json.bufferViews?.[index];
      if (!view || json.buffers?.[view.buffer]?.uri === undefined) return null;
      return Promise.resolve().then(() => {
        const b = buffer(view.buffer);
        const start = view.byteOffset ?? 0;
        if (start + view.byteLength > b.length) throw new Error(`buffer view ${index} runs past the end of its buffer (truncated .bin?)`);
        return b.slice(start, start + view.byteLength).buffer;
      });
    },
    loadTexture(index: number) {
      const source = json.textures?.[index]?.source;
      const image = source === undefined ? undefined : json.images?.[source];
      if (!image) return null;
      const name = image.uri && !image.uri.startsWith('data:') ? image.uri : (image.name ?? `image ${source}`);
      const bytes =
        image.bufferView !== undefined
          ? parser.getDependency('bufferView', image.bufferView).then((b: ArrayBuffer) => new Uint8Array(b))
          : Promise.resolve(undefined);
      return bytes.then((b) => {
        const texture = bytesTexture(name, b ? embeddedTexture(name, b, files) : files.texture(image.uri ?? ''));
        texture.flipY = false;
        return texture;
      });
    },
  };
}

function embeddedTexture(name: string, bytes: Uint8Array, files: ModelFiles): ModelTexture | undefined {
  const mime = imageMime(bytes);
  if (!mime) files.warn(`texture ${name} is neither PNG nor JPEG; drawn without it`);
  return mime ? { name, mime, bytes } : undefined;
}
