// `cim import` arguments: input files (positional), --out, --crs, repeatable --role ROLE=FILE and --map [ROLE.]TARGET=FIELD.
import { IMPORT_ROLES, type ImportRole } from '../../src/core/import/roles';
import { CliError } from './args';

export interface ImportArgs {
  files: string[];
  out: string;
  crs?: string;
  /** File (as given, its base name, or FILE:LAYER) → role. */
  roles: { role: ImportRole; file: string }[];
  maps: { role: ImportRole | null; target: string; field: string | null }[];
  strict: boolean;
  dem?: string;
}

export function parseImportArgs(args: string[]): ImportArgs {
  const out: ImportArgs = { files: [], out: '', roles: [], maps: [], strict: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      out.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (name === 'strict') {
      out.strict = true;
      continue;
    }
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new CliError(`--${name} needs a value`);
    if (name === 'out') out.out = value;
    else if (name === 'crs') out.crs = value;
    else if (name === 'dem') out.dem = value;
    else if (name === 'role') {
      const m = /^([A-Za-z]+)=(.+)$/.exec(value);
      if (!m || !IMPORT_ROLES.includes(m[1] as ImportRole))
        throw new CliError(`--role ${value}: expected ROLE=FILE with ROLE one of ${IMPORT_ROLES.join(', ')}`);
      out.roles.push({ role: m[1] as ImportRole, file: m[2] });
    } else if (name === 'map') {
      const m = /^(?:([A-Za-z]+)\.)?([A-Za-z]+)=(.*)$/.exec(value);
      if (!m || (m[1] && !IMPORT_ROLES.includes(m[1] as ImportRole)))
        throw new CliError(`--map ${value}: expected [ROLE.]TARGET=FIELD (e.g. heightM=高度)`);
      out.maps.push({ role: (m[1] as ImportRole) ?? null, target: m[2], field: m[3] === '' ? null : m[3] });
    } else throw new CliError(`unknown option --${name} (expected --out, --crs, --role, --map, --dem, --strict)`);
  }
  if (!out.files.length) throw new CliError('no input file: cim import FILE… --out DIR');
  if (!out.out) throw new CliError('--out DIR is required');
  return out;
}
