// Types for the two halves of three.js's ColladaLoader, which @types/three does not declare: we call them directly so
// that textures go through our bytes-only loader and the unit and up axis are ours to apply.
declare module 'three/examples/jsm/loaders/collada/ColladaParser.js' {
  export class ColladaParser {
    parse(text: string): { library: unknown; asset: { unit: number; upAxis: string }; collada: unknown } | null;
  }
}

declare module 'three/examples/jsm/loaders/collada/ColladaComposer.js' {
  import type { Group, Loader, Texture } from 'three';
  export class ColladaComposer {
    constructor(library: unknown, collada: unknown, textureLoader: Loader<Texture>, tgaLoader: Loader<Texture>);
    compose(): { scene: Group };
  }
}
