// Names a CPU profile's call frames in the built app by its source maps (dist/assets/*.js.map, when the bench built the
// app with them): "function src/app/models.ts:120", and whether the frame is the project's own code.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, join } from 'node:path';
import type { CallFrame, DescribeFrame } from './cpuTasks';

/** A source path from a map, shortened: the project's files from src/ or workers/, a package's from its name on. */
export function shortSource(source: string): string {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) return source.slice(modules + 'node_modules/'.length);
  const own = /(?:^|\/)((?:src|workers|scripts)\/.*)$/.exec(source);
  return own ? own[1] : source.replace(/^(\.\.\/)+/, '');
}

/** The project's own code: its sources, not a package's. */
export const isOurs = (source: string): boolean => !source.includes('node_modules/') && /(?:^|\/)(src|workers)\//.test(source);

/** Frames described through the maps beside the scripts in `assetsDir`; without a map, the minified name and place. */
export function frameDescriber(assetsDir: string): DescribeFrame {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    const file = join(assetsDir, `${basename(url.split('?')[0])}.map`);
    if (!maps.has(file)) maps.set(file, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
    return maps.get(file)!;
  };
  return (frame: CallFrame) => {
    const name = frame.functionName || '(anonymous)';
    // V8's own entries: (program), (idle), (garbage collector), (root); and native functions (a WebGL call).
    if (!frame.url) return { label: frame.functionName.startsWith('(') ? frame.functionName : `${name} (native)`, ours: false };
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as
      { originalSource?: string; originalLine?: number; name?: string } | undefined;
    if (!entry?.originalSource)
      return { label: `${name} ${basename(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`, ours: false };
    const source = shortSource(entry.originalSource);
    return { label: `${entry.name ?? name} ${source}:${(entry.originalLine ?? 0) + 1}`, ours: isOurs(entry.originalSource) };
  };
}
