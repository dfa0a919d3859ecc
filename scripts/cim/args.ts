// Argument parsing and error conventions shared by every cim command.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const EXIT_OK = 0;
/** The command ran and found problems in the data. */
export const EXIT_PROBLEMS = 1;
/** Bad usage or unreadable input. */
export const EXIT_USAGE = 2;

/** An error the dispatcher reports as one line on stderr, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export type FlagType = 'string' | 'number' | 'boolean';
export type Flags = Record<string, string | number | boolean | undefined>;

/** Parses `--name value`, `--name=value` and boolean `--name`; rejects unknown flags and positionals. */
export function parseFlags(args: string[], spec: Record<string, FlagType>): Flags {
  const out: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new CliError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const type = spec[name];
    if (!type)
      throw new CliError(
        `unknown option --${name} (expected ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (type === 'boolean') {
      out[name] = eq < 0 ? true : arg.slice(eq + 1) !== 'false';
      continue;
    }
    const raw = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new CliError(`--${name} needs a value`);
    if (type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number, got "${raw}"`);
      out[name] = n;
    } else {
      out[name] = raw;
    }
  }
  return out;
}

/** Like parseFlags, but arguments that are neither a flag nor a flag's value are positionals (in their order). */
export function parseArgs(args: string[], spec: Record<string, FlagType>): { flags: Flags; positionals: string[] } {
  const flagArgs: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    flagArgs.push(arg);
    const takesValue = !arg.includes('=') && spec[arg.slice(2)] !== undefined && spec[arg.slice(2)] !== 'boolean';
    if (takesValue && i + 1 < args.length && !args[i + 1].startsWith('--')) flagArgs.push(args[++i]);
  }
  return { flags: parseFlags(flagArgs, spec), positionals };
}

/** Prints the command's one-line JSON summary on stdout. */
export function printSummary(summary: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** Refuses an --out whose folder is missing or not a folder, before any work (not after a whole join). */
export function checkOutFolder(out: string, flag = '--out'): void {
  const folder = dirname(resolve(out));
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new CliError(`${flag} ${out}: the folder ${folder} does not exist`);
  }
  if (!isFolder) throw new CliError(`${flag} ${out}: ${folder} is not a folder`);
}

/** A temporary name beside `path` (same folder, so renaming it into place is atomic). */
export const tempBeside = (path: string): string => join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);

/** Swaps each folder `names[i]` staged in `stage` for the one in `dir` (the old one moved into the stage, deleted with it). */
export function moveIntoPlace(stage: string, dir: string, names: string[]): void {
  for (const name of names) {
    const target = join(dir, name);
    if (existsSync(target)) renameSync(target, join(stage, `${name}.old`));
    renameSync(join(stage, name), target);
  }
}

/** Writes a file beside its place and renames it there: a failed run never leaves half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = tempBeside(path);
  writeFileSync(temp, data);
  renameSync(temp, path);
}
