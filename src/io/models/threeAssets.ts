// three.js's loaders fed from bytes in memory: a LoadingManager that never goes to the network and a texture loader
// that never decodes an image (a web worker has no Image or document): the texture carries the file's bytes.
import { Loader, LoadingManager, Texture } from 'three';
import type { ModelTexture } from '../../core/models/model';
import type { ModelFiles } from './modelFiles';

/** Image names every loader's texture lookup is routed through (tga and others end as a warning, not a decode). */
const IMAGE_NAME = /\.(png|jpe?g|tga|bmp|gif|webp|tiff?|dds|ktx2?|psd)$/i;

/** The texture's bytes as read, or undefined when missing or not PNG/JPEG (the read warned). */
export function textureBytes(texture: Texture | null | undefined): ModelTexture | undefined {
  return (texture?.userData as { modelTexture?: ModelTexture } | undefined)?.modelTexture;
}

/** A Texture that only carries its image's bytes (no image, nothing decoded). */
export function bytesTexture(name: string, texture: ModelTexture | undefined): Texture {
  const t = new Texture();
  t.name = name;
  t.userData = { modelTexture: texture };
  return t;
}

/** Answers every image request with a bytes-only Texture from the dropped files. */
class BytesTextureLoader extends Loader<Texture> {
  constructor(
    manager: LoadingManager,
    private readonly files: ModelFiles,
  ) {
    super(manager);
  }

  override load(url: string, onLoad?: (texture: Texture) => void): Texture {
    const texture = bytesTexture(url, this.files.texture(url));
    if (onLoad) queueMicrotask(() => onLoad(texture));
    return texture;
  }
}

/** The manager to hand every loader: images come from `files`, and nothing else is fetched. */
export function bytesManager(files: ModelFiles): LoadingManager {
  const manager = new LoadingManager();
  const textures = new BytesTextureLoader(manager, files);
  manager.addHandler(IMAGE_NAME, textures);
  // A loader asking for anything else (a file we did not anticipate) fails instead of reaching the network.
  manager.setURLModifier((url) => `cim-no-network:${url}`);
  return manager;
}

/** The texture loader itself, for loaders that take one directly (Collada's composer). */
export function bytesTextureLoader(files: ModelFiles): Loader<Texture> {
  return new BytesTextureLoader(new LoadingManager(), files);
}
