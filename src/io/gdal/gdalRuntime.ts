// One GDAL (gdal3.js, WebAssembly) per process or worker, driven through its virtual file system: files are staged
// under /cim/<job>/, opened with GDALOpenEx and converted with ogr2ogr/ogrinfo. Loading it is the caller's
// (scripts/gdal/gdalNode.ts in Node, gdalBrowser.ts in the import worker); everything here runs on both.

/** The subset of Emscripten's FS this code uses. */
export interface GdalFs {
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, opts?: { canOwn?: boolean }): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  unlink(path: string): void;
  rmdir(path: string): void;
  isDir(mode: number): boolean;
  stat(path: string): { mode: number; size: number };
  mount(type: unknown, opts: unknown, mountpoint: string): unknown;
  open(path: string, flags: string): unknown;
  write(stream: unknown, buffer: Uint8Array, offset: number, length: number): number;
  close(stream: unknown): void;
  lookupPath?(path: string): { node: unknown };
  unmount(mountpoint: string): void;
}

export interface GdalModule {
  FS: GdalFs;
  WORKERFS?: unknown;
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  cwrap(name: string, ret: string | null, args: string[]): (...args: unknown[]) => unknown;
}

/** What gdal3.js's open() returns for a dataset; its applications read only pointer and path. */
export interface GdalDatasetRef {
  pointer: number;
  path: string;
}

/** The gdal3.js namespace as far as this project uses it. */
export interface GdalJs {
  ogr2ogr(dataset: GdalDatasetRef, options?: string[], outputName?: string): Promise<{ local: string; all?: { local: string }[] }>;
  ogrinfo(dataset: GdalDatasetRef, options?: string[]): Promise<unknown>;
  Module: GdalModule;
}

/** GDAL failed on a file: `file` is the name the user gave, `message` says what GDAL said. */
export class GdalFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'GdalFileError';
  }
}

/** A file to read: its name (as dropped or given) and its bytes, or a Blob that a worker mounts without copying. */
export type GdalInput = { name: string; bytes: Uint8Array } | { name: string; blob: Blob };

const GDAL_OF_VECTOR = 0x04;
const GDAL_OF_READONLY = 0x00;

/** Wraps a loaded gdal3.js: staging of inputs, opening, info and translation, with GDAL's last error named. */
export class GdalRuntime {
  private readonly openEx: (path: string, flags: number, drivers: number, options: number, siblings: number) => number;
  private readonly close: (ds: number) => void;
  private readonly errorReset: () => void;
  private readonly lastErrorMsg: () => string;
  private readonly lastErrorNo: () => number;
  private jobs = 0;
  private readonly mounted = new Set<string>();

  /**
   * `errorLog` is the array the loader's errorHandler appends GDAL's stderr lines to: gdal3.js reports a failed
   * ogr2ogr by a later, generic error ("Pointer 'hDS' is NULL"), so the first ERROR line of the call is the reason.
   */
  constructor(
    readonly gdal: GdalJs,
    private readonly errorLog: string[] = [],
  ) {
    const m = gdal.Module;
    this.openEx = m.cwrap('GDALOpenEx', 'number', ['string', 'number', 'number', 'number', 'number']) as typeof this.openEx;
    this.close = m.cwrap('GDALClose', null, ['number']) as typeof this.close;
    this.errorReset = m.cwrap('CPLErrorReset', null, []) as typeof this.errorReset;
    this.lastErrorMsg = m.cwrap('CPLGetLastErrorMsg', 'string', []) as typeof this.lastErrorMsg;
    this.lastErrorNo = m.cwrap('CPLGetLastErrorNo', 'number', []) as typeof this.lastErrorNo;
    for (const dir of ['/cim', '/output']) if (!this.exists(dir)) m.FS.mkdir(dir);
  }

  get fs(): GdalFs {
    return this.gdal.Module.FS;
  }

  exists(path: string): boolean {
    try {
      this.fs.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stages inputs in a new job folder; returns the folder. Bytes are written (MEMFS); when any input is a Blob (a
   * dropped File, in the worker) all are mounted read-only with WORKERFS instead, so big files are never copied.
   */
  stage(inputs: readonly GdalInput[]): string {
    const dir = `/cim/job${++this.jobs}`;
    this.fs.mkdir(dir);
    if (inputs.some((i) => 'blob' in i)) {
      if (!this.gdal.Module.WORKERFS) throw new Error('Blob inputs need WORKERFS (a web worker)');
      const blobs = inputs.map((i) => ({
        name: baseName(i.name),
        data: 'blob' in i ? i.blob : new Blob([i.bytes as Uint8Array<ArrayBuffer>]),
      }));
      this.fs.mount(this.gdal.Module.WORKERFS, { blobs }, dir);
      this.mounted.add(dir);
    } else
      for (const input of inputs) if ('bytes' in input) this.fs.writeFile(`${dir}/${baseName(input.name)}`, input.bytes, { canOwn: true });
    return dir;
  }

  /** Removes a job folder and what GDAL wrote for it. */
  unstage(dir: string): void {
    if (this.mounted.delete(dir)) {
      this.fs.unmount(dir);
      this.fs.rmdir(dir);
    } else this.removeTree(dir);
  }

  removeTree(path: string): void {
    if (!this.exists(path)) return;
    if (!this.fs.isDir(this.fs.stat(path).mode)) return this.fs.unlink(path);
    for (const name of this.fs.readdir(path)) if (name !== '.' && name !== '..') this.removeTree(`${path}/${name}`);
    this.fs.rmdir(path);
  }

  /** Opens a vector dataset read-only with open options (KEY=VALUE); a failure names `file` and GDAL's reason. */
  open(path: string, file: string, openOptions: readonly string[] = []): GdalDatasetRef {
    const list = this.stringList(openOptions);
    this.errorReset();
    const pointer = this.openEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, 0, list.ptr, 0);
    list.dispose();
    if (!pointer) {
      const reason = this.lastErrorMsg() || 'not a vector format GDAL can read';
      this.errorReset();
      throw new GdalFileError(file, reason);
    }
    return { pointer, path: baseName(path) };
  }

  closeDataset(ds: GdalDatasetRef): void {
    this.close(ds.pointer);
  }

  /** ogrinfo -json with `options`; GDAL's errors are raised naming `file`. */
  async info(ds: GdalDatasetRef, file: string, options: readonly string[] = []): Promise<unknown> {
    this.errorReset();
    try {
      return await this.gdal.ogrinfo(ds, [...options]);
    } catch (err) {
      throw new GdalFileError(file, gdalMessage(err));
    }
  }

  /**
   * ogr2ogr into /output/<name>.<ext>; returns the output's path and the errors GDAL reported on the way without
   * failing (a truncated .shp: "Error in fread()" and the features after it empty). A failure names `file`.
   */
  async translate(
    ds: GdalDatasetRef,
    file: string,
    options: readonly string[],
    outputName: string,
  ): Promise<{ path: string; warnings: string[] }> {
    this.errorReset();
    this.errorLog.length = 0;
    try {
      const out = await this.gdal.ogr2ogr(ds, [...options], outputName);
      const warnings = this.errorLog.filter((l) => /^ERROR/.test(l)).map((l) => l.replace(/^ERROR \d+: /, '').trim());
      return { path: out.local, warnings: [...new Set(warnings)].slice(0, 20) };
    } catch (err) {
      const first = this.errorLog.find((l) => /^ERROR/.test(l));
      const reason = first ? first.replace(/^ERROR \d+: /, '') : gdalMessage(err);
      if (/source layer has no/.test(reason))
        throw new GdalFileError(file, 'has no coordinate reference system: give one (e.g. --crs EPSG:4547)');
      throw new GdalFileError(file, reason);
    } finally {
      this.errorLog.length = 0;
      // A warning-level message left by a skipped feature must not fail the next call.
      if (this.lastErrorNo() < 3) this.errorReset();
    }
  }

  /** A file's bytes in the virtual FS: a view of MEMFS's own array when it is one (no copy; valid until the file changes). */
  view(path: string): Uint8Array {
    const node = (this.fs.lookupPath?.(path)?.node ?? null) as { contents?: unknown; usedBytes?: number } | null;
    if (node?.contents instanceof Uint8Array && typeof node.usedBytes === 'number') return node.contents.subarray(0, node.usedBytes);
    return this.fs.readFile(path);
  }

  /** A NULL-terminated char** for GDAL, freed by dispose(). */
  private stringList(values: readonly string[]): { ptr: number; dispose(): void } {
    if (!values.length) return { ptr: 0, dispose() {} };
    const enc = new TextEncoder();
    const m = this.gdal.Module;
    const ptrs = values.map((v) => {
      const bytes = enc.encode(v);
      const p = m._malloc(bytes.length + 1);
      m.HEAPU8.set(bytes, p);
      m.HEAPU8[p + bytes.length] = 0;
      return p;
    });
    const list = m._malloc(4 * (ptrs.length + 1));
    m.HEAPU32.set([...ptrs, 0], list >> 2);
    return {
      ptr: list,
      dispose: () => {
        for (const p of ptrs) m._free(p);
        m._free(list);
      },
    };
  }
}

/** The last path segment. */
export function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** gdal3.js rejects with `{ no, message }` objects, not Errors. */
function gdalMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (Array.isArray(err)) return err.map(gdalMessage).join('; ');
  const m = (err as { message?: unknown })?.message;
  return typeof m === 'string' && m ? m : String(err);
}
