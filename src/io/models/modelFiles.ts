// The files a user dropped together (a model, its .mtl, .bin and textures), looked up by the names the model uses.
import { ModelError, type ModelTexture } from '../../core/models/model';

/** The files by the names the user gave, plus the warnings a read collects while it looks things up. */
export class ModelFiles {
  readonly warnings: string[] = [];
  private readonly byLowerBase = new Map<string, string>();

  constructor(
    readonly files: Map<string, Uint8Array>,
    /** The model file, named in every message. */
    readonly main: string,
    /** A companion the model names but the files lack is a ModelError (`cim model`), not a warning (the viewer). */
    readonly requireCompanions = false,
  ) {
    for (const name of files.keys()) this.byLowerBase.set(baseName(name).toLowerCase(), name);
  }

  /** A file as the model refers to it: the exact name, else its base name in any case ("Textures/Wall.PNG" → "wall.png"). */
  find(ref: string): { name: string; bytes: Uint8Array } | null {
    const clean = decodeRef(ref);
    const exact = this.files.get(clean);
    if (exact) return { name: clean, bytes: exact };
    const name = this.byLowerBase.get(baseName(clean).toLowerCase());
    return name === undefined ? null : { name, bytes: this.files.get(name)! };
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** A companion (`what` "texture", "material library") the model names and the files lack: a warning, or refused. */
  missing(what: string, name: string, without: string): void {
    if (this.requireCompanions) throw new ModelError(this.main, `its ${what} ${name} is missing: give it after ${this.main}`);
    this.warn(`${what} ${name} is missing: drop it together with ${this.main}; ${without}`);
  }

  /** A texture's bytes as the model names it, or undefined with a warning (missing, or neither PNG nor JPEG). */
  texture(ref: string): ModelTexture | undefined {
    const name = decodeRef(ref);
    if (name.startsWith('data:')) return dataUriTexture(name, this);
    if (name.startsWith('blob:')) {
      this.warn(`a texture embedded in ${this.main} is not carried (only PNG/JPEG files dropped beside it); drawn without it`);
      return undefined;
    }
    const file = this.find(name);
    if (!file) {
      this.missing('texture', name, 'drawn without it');
      return undefined;
    }
    const mime = imageMime(file.bytes);
    if (!mime) {
      this.warn(`texture ${file.name} is neither PNG nor JPEG; drawn without it`);
      return undefined;
    }
    return { name: file.name, mime, bytes: file.bytes };
  }
}

/** PNG or JPEG by the file's first bytes, never by its name. */
export function imageMime(bytes: Uint8Array): ModelTexture['mime'] | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The file extension in lower case without the dot ("" when none). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function decodeRef(ref: string): string {
  const trimmed = ref.trim().replace(/^\.\//, '');
  if (trimmed.startsWith('data:')) return trimmed;
  try {
    return decodeURIComponent(trimmed);
  } catch {
    return trimmed;
  }
}

function dataUriTexture(uri: string, files: ModelFiles): ModelTexture | undefined {
  const bytes = decodeDataUri(uri);
  const mime = bytes && imageMime(bytes);
  if (!bytes || !mime) {
    files.warn(`an embedded texture (data: URI) is neither PNG nor JPEG; drawn without it`);
    return undefined;
  }
  return { name: 'embedded', mime, bytes };
}

/** The bytes of a base64 data: URI, or null when it is not one. */
export function decodeDataUri(uri: string): Uint8Array | null {
  const m = /^data:[^,]*;base64,(.*)$/s.exec(uri);
  if (!m) return null;
  try {
    const text = atob(m[1]);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
