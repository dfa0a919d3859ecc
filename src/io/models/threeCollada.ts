// Collada (.dae) through the two halves of three.js's ColladaLoader: its parser reads the XML through our own small
// DOM (xmlDom.ts; a worker has no DOMParser), its composer builds the scene with our bytes-only textures.
import type { Group } from 'three';
import { ColladaComposer } from 'three/examples/jsm/loaders/collada/ColladaComposer.js';
import { ColladaParser } from 'three/examples/jsm/loaders/collada/ColladaParser.js';
import { bytesTextureLoader } from './threeAssets';
import type { ModelFiles } from './modelFiles';
import { withGlobal } from './temporaryGlobal';
import { parseXml, type XmlDocument } from './xmlDom';

export interface ColladaScene {
  /** The scene in the file's own units and axes (nothing applied). */
  scene: Group;
  /** <unit meter="…">, or undefined when the file has no <unit> (the specification's default is 1 m). */
  metresPerUnit: number | undefined;
  /** <up_axis>: 'Y_UP' (also the default), 'Z_UP' or 'X_UP'. */
  upAxis: string;
}

export function loadCollada(bytes: Uint8Array, files: ModelFiles): ColladaScene {
  const text = new TextDecoder().decode(bytes);
  // Our parser first: a malformed file fails here with its line, not inside three.js.
  const doc = parseXml(text);
  const root = doc.documentElement;
  if (root?.nodeName !== 'COLLADA') throw new Error(`not a Collada document (its root element is <${root?.nodeName}>, not <COLLADA>)`);
  const unit = root.getElementsByTagName('asset')[0]?.getElementsByTagName('unit')[0];
  // Always ours, also where the page has a DOMParser: the same parser in the page, the worker and Node.
  const domParser = class {
    parseFromString(): XmlDocument {
      return doc;
    }
  };
  const parsed = withGlobal('DOMParser', domParser, () => new ColladaParser().parse(text));
  if (!parsed) throw new Error('the Collada parser found nothing to read');
  const textures = bytesTextureLoader(files);
  const { scene } = new ColladaComposer(parsed.library, parsed.collada, textures, textures).compose();
  return {
    scene,
    metresPerUnit: unit?.hasAttribute('meter') ? parsed.asset.unit : undefined,
    upAxis: parsed.asset.upAxis.trim() || 'Y_UP',
  };
}
