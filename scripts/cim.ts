#!/usr/bin/env -S npx tsx
// The `cim` command: a dispatcher over scripts/cim/<command>.ts. Exit 0 ok, 1 problems in the data, 2 bad usage/input.
import { CliError, EXIT_USAGE } from './cim/args';

interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  demo: {
    summary: 'demo --scale small|city|zhengzhou --out DIR [--seed N]   generate the deterministic demo city',
    load: () => import('./cim/demo'),
  },
  join: {
    summary:
      'join --grids F --buildings F [--by point|overlap] [--crs EPSG:xxxx] [--workers N] [--strict] --out assignments.csv   buildings into the 3-level grid',
    load: () => import('./cim/join'),
  },
  'grid-check': {
    summary:
      'grid-check --grids F [--crs EPSG:xxxx] [--min-area M2] [--snap M] [--lang zh-CN] [--strict]   every topology, hierarchy and geometry problem of a grid file',
    load: () => import('./cim/gridCheck'),
  },
  review: {
    summary:
      'review --parcel F [--id ID] --buildings F [--conditions F] [--lines F] [--greens F] [--height-limits F] [--crs EPSG:xxxx] [--lang zh|en] [--signoffs F] [--design model.ifc [--design-building ID]] [--strict] --out report.html   多验合一 review of one parcel (+ report.json)',
    load: () => import('./cim/review'),
  },
  tiles: {
    summary:
      'tiles --buildings F [--crs EPSG:xxxx] [--pipelines F --dem F] [--grids-assignment F] [--manifest demo.json] [--max-per-tile N] [--compression meshopt|none] [--threads N] [--strict] --out DIR   3D Tiles 1.1 (DIR/buildings/, DIR/pipelines/)',
    load: () => import('./cim/tiles'),
  },
  model: {
    summary:
      'model FILE [COMPANIONS…] --out DIR [--at X,Y[,H]] [--crs EPSG:xxxx] [--rotate DEG] [--scale S] [--unit m|cm|mm|ft|in] [--manifest demo.json] [--max-triangles N]   a 3D model (IFC, glTF/GLB, OBJ+MTL, FBX, Collada) placed on the city as 3D Tiles 1.1 (DIR/<name>/)',
    load: () => import('./cim/model'),
  },
  import: {
    summary:
      "import FILE… --out DIR [--crs EPSG:xxxx] [--role ROLE=FILE …] [--map [ROLE.]TARGET=FIELD …] [--dem F] [--strict]   a city's own files (Shapefile, GeoPackage, File Geodatabase, MapInfo, DXF, KML, CSV, GeoJSON, FlatGeobuf) into a city folder",
    load: () => import('./cim/import'),
  },
  city: {
    summary: 'city check DIR|DIR/demo.json   validates a city folder: manifest, files, counts, coordinates, readable layers',
    load: () => import('./cim/cityCheck'),
  },
  serve: {
    summary:
      'serve [--db DIR | --database-url URL] [--port N] [--host H] [--app dist] [--data DIR]   the shared city server: API, OGC API Features (embedded PGlite by default, PostgreSQL with DATABASE_URL)',
    load: () => import('./cim/serve'),
  },
  db: {
    summary: "db load DIR [--db DIR | --database-url URL]   loads a city folder (cim demo / cim import) into the server's database",
    load: () => import('./cim/db'),
  },
  user: {
    summary:
      'user add NAME --role viewer|planner|reviewer|grid-manager|operations|admin [--department D] [--scope G1,G2] [--password P] [--db DIR | --database-url URL]   a server account (prints a generated password once)',
    load: () => import('./cim/user'),
  },
  'sensors-replay': {
    summary:
      'sensors-replay --datastreams F --messages F.jsonl [--now ISO] [--history N]   a recorded MQTT feed ({"topic","payload"} per line) through validation, de-duplication, ordering and states',
    load: () => import('./cim/sensorsReplay'),
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  cim ${c.summary}`);
  return `usage: cim <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stderr.write(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`cim: unknown command "${name}"\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load()).run(args);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`cim ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`cim ${name}: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cim: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
