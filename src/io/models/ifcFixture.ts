// Writes the IFC4 STEP text of a small building the tests know exactly (or a large one for benchmarks): an L-shaped
// block 20 m × 12 m in millimetres, a storey every 3.3 m, outer walls, a floor slab and a space per storey, a
// two-coloured column, property and quantity sets, and an IfcMapConversion to EPSG:4547 turned 30°.

/** The L outline (metres, counter-clockwise, building frame): 20 × 12 with the 12 × 6 north-east corner cut away. */
export const FIXTURE_OUTLINE_M: readonly (readonly [number, number])[] = [
  [0, 0],
  [20, 0],
  [20, 6],
  [8, 6],
  [8, 12],
  [0, 12],
];
/** Area of FIXTURE_OUTLINE_M: 20·6 + 8·6. */
export const FIXTURE_OUTLINE_AREA_M2 = 168;
/** Where the building's origin lies in the model frame (metres): the site is placed here. */
export const FIXTURE_ORIGIN_M: readonly [number, number, number] = [100, 50, 0];
export const FIXTURE_STOREY_HEIGHT_M = 3.3;
export const FIXTURE_WALL_THICKNESS_M = 0.2;
export const FIXTURE_SLAB_THICKNESS_M = 0.2;
/** Net floor area of each space (its quantity; the space is the outline shrunk by the wall thickness). */
export const FIXTURE_SPACE_AREA_M2 = 155.36;
export const FIXTURE_GEOREF = { crs: 'EPSG:4547', eastingM: 500123.5, northingM: 3381234.25, heightM: 21.5, rotationDeg: 30 };

export interface IfcFixtureOptions {
  /** Storeys (default 3). */
  storeys?: number;
  /** Each outline edge is split into this many walls (default 1): 6·storeys·n walls of 12 triangles each. */
  wallsPerEdge?: number;
  /** Storeys (0-based) whose slab gets Qto_SlabBaseQuantities (default: all but the last). */
  slabQuantityStoreys?: number[];
  /** Omit the IfcUnitAssignment's length unit (to test the reader's refusal). */
  noLengthUnit?: boolean;
  /** The file's length unit (default millimetres); the building is the same in metres. */
  unit?: 'mm' | 'm' | 'ft';
  /** Leave out IfcMapConversion (IfcSite's latitude and longitude stay). */
  noMapConversion?: boolean;
}

const UNIT_M = { mm: 0.001, m: 1, ft: 0.3048 };

/** The GlobalId the fixture gives its n-th object: 22 characters of the IFC alphabet, unique per n. */
export function fixtureGlobalId(n: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
  let s = '';
  for (let v = n; s.length < 8; v = Math.floor(v / 64)) s = alphabet[v % 64] + s;
  return '1Fx' + 'X'.repeat(11) + s;
}

/** The fixture's name for a wall: storey s (0-based), outline edge e, segment k. */
export function fixtureWallName(s: number, e: number, k: number): string {
  return `W${s + 1}-${e + 1}-${k + 1}`;
}

function num(v: number): string {
  const s = String(v);
  return /[.eE]/.test(s) ? s : s + '.';
}
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;

class StepWriter {
  readonly lines: string[] = [];
  private next = 1;
  private gids = 0;
  add(entity: string): string {
    const id = `#${this.next++}`;
    this.lines.push(`${id}=${entity};`);
    return id;
  }
  gid(): string {
    return str(fixtureGlobalId(this.gids++));
  }
}

/** IFC4 STEP text of the fixture building. */
export function ifcFixture(options: IfcFixtureOptions = {}): string {
  const storeys = options.storeys ?? 3;
  const perEdge = options.wallsPerEdge ?? 1;
  const withQto = new Set(options.slabQuantityStoreys ?? Array.from({ length: storeys - 1 }, (_, i) => i));
  const unit = options.unit ?? 'mm';
  const len = (m: number): string => num(Math.round((m / UNIT_M[unit]) * 1e6) / 1e6);
  const w = new StepWriter();
  const units = [
    options.noLengthUnit ? null : lengthUnit(w, unit),
    w.add('IFCSIUNIT(*,.AREAUNIT.,$,.SQUARE_METRE.)'),
    w.add('IFCSIUNIT(*,.VOLUMEUNIT.,$,.CUBIC_METRE.)'),
    w.add('IFCSIUNIT(*,.PLANEANGLEUNIT.,$,.RADIAN.)'),
  ].filter((u) => u !== null);
  const unitAssignment = w.add(`IFCUNITASSIGNMENT((${units.join(',')}))`);
  const origin = w.add('IFCCARTESIANPOINT((0.,0.,0.))');
  const zAxis = w.add('IFCDIRECTION((0.,0.,1.))');
  const world = w.add(`IFCAXIS2PLACEMENT3D(${origin},$,$)`);
  const context = w.add(`IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,${world},$)`);
  const body = w.add(`IFCGEOMETRICREPRESENTATIONSUBCONTEXT('Body','Model',*,*,*,*,${context},$,.MODEL_VIEW.,$)`);
  const project = w.add(`IFCPROJECT(${w.gid()},$,'Fixture project',$,$,$,$,(${context}),${unitAssignment})`);
  const metre = w.add('IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)');
  const crs = w.add(`IFCPROJECTEDCRS(${str(FIXTURE_GEOREF.crs)},'CGCS2000 / 3-degree Gauss-Kruger CM 114E',$,$,$,$,${metre})`);
  const theta = (FIXTURE_GEOREF.rotationDeg * Math.PI) / 180;
  // Scale: the map is in metres, the model in file units (IFC4: Scale converts model units to map units).
  if (!options.noMapConversion) {
    w.add(
      `IFCMAPCONVERSION(${context},${crs},${num(FIXTURE_GEOREF.eastingM)},${num(FIXTURE_GEOREF.northingM)},` +
        `${num(FIXTURE_GEOREF.heightM)},${num(Math.cos(theta))},${num(Math.sin(theta))},${num(UNIT_M[unit])})`,
    );
  }

  const placement = (relTo: string | null, x: number, y: number, z: number, dirX = 1, dirY = 0): string => {
    const p = w.add(`IFCCARTESIANPOINT((${len(x)},${len(y)},${len(z)}))`);
    const ref = dirX === 1 && dirY === 0 ? '$' : w.add(`IFCDIRECTION((${num(dirX)},${num(dirY)},0.))`);
    const axes = w.add(`IFCAXIS2PLACEMENT3D(${p},${ref === '$' ? '$' : zAxis},${ref})`);
    return w.add(`IFCLOCALPLACEMENT(${relTo ?? '$'},${axes})`);
  };
  const colours = new Map<string, string>();
  const colour = (name: string, r: number, g: number, b: number, transparency = 0): string => {
    const known = colours.get(name);
    if (known) return known;
    const rgb = w.add(`IFCCOLOURRGB(${str(name)},${num(r)},${num(g)},${num(b)})`);
    const shading = w.add(`IFCSURFACESTYLESHADING(${rgb},${num(transparency)})`);
    const style = w.add(`IFCSURFACESTYLE(${str(name)},.BOTH.,(${shading}))`);
    colours.set(name, style);
    return style;
  };
  /** An extruded solid of a closed polyline (metres, local frame) from z0 up by depth, in the given colour. */
  const prism = (ring: readonly (readonly [number, number])[], z0: number, depth: number, style: string): string => {
    const pts = [...ring, ring[0]].map(([x, y]) => w.add(`IFCCARTESIANPOINT((${len(x)},${len(y)}))`));
    const line = w.add(`IFCPOLYLINE((${pts.join(',')}))`);
    const profile = w.add(`IFCARBITRARYCLOSEDPROFILEDEF(.AREA.,$,${line})`);
    const pos = w.add(`IFCAXIS2PLACEMENT3D(${w.add(`IFCCARTESIANPOINT((0.,0.,${len(z0)}))`)},$,$)`);
    const solid = w.add(`IFCEXTRUDEDAREASOLID(${profile},${pos},${zAxis},${len(depth)})`);
    w.add(`IFCSTYLEDITEM(${solid},(${style}),$)`);
    return solid;
  };
  const shape = (items: string[]): string => {
    const rep = w.add(`IFCSHAPEREPRESENTATION(${body},'Body','SweptSolid',(${items.join(',')}))`);
    return w.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${rep}))`);
  };
  const props = (objects: string[], name: string, entries: string[]): void => {
    const pset = w.add(`IFCPROPERTYSET(${w.gid()},$,${str(name)},$,(${entries.join(',')}))`);
    w.add(`IFCRELDEFINESBYPROPERTIES(${w.gid()},$,$,$,(${objects.join(',')}),${pset})`);
  };
  const quantities = (object: string, name: string, entries: string[]): void => {
    const qto = w.add(`IFCELEMENTQUANTITY(${w.gid()},$,${str(name)},$,$,(${entries.join(',')}))`);
    w.add(`IFCRELDEFINESBYPROPERTIES(${w.gid()},$,$,$,(${object}),${qto})`);
  };
  const single = (name: string, value: string): string => w.add(`IFCPROPERTYSINGLEVALUE(${str(name)},$,${value},$)`);
  const area = (name: string, m2: number): string => w.add(`IFCQUANTITYAREA(${str(name)},$,$,${num(m2)},$)`);
  const length = (name: string, m: number): string => w.add(`IFCQUANTITYLENGTH(${str(name)},$,$,${len(m)},$)`);

  const [ox, oy, oz] = FIXTURE_ORIGIN_M;
  const sitePlacement = placement(null, ox, oy, oz);
  const site = w.add(`IFCSITE(${w.gid()},$,'Fixture site',$,$,${sitePlacement},$,$,.ELEMENT.,(30,35,24,0),(114,18,0,0),21500.,$,$)`);
  const buildingPlacement = placement(sitePlacement, 0, 0, 0);
  const building = w.add(`IFCBUILDING(${w.gid()},$,'Fixture building',$,$,${buildingPlacement},$,$,.ELEMENT.,$,$,$)`);
  w.add(`IFCRELAGGREGATES(${w.gid()},$,$,$,${project},(${site}))`);
  w.add(`IFCRELAGGREGATES(${w.gid()},$,$,$,${site},(${building}))`);

  const grey = colour('Concrete grey', 0.6, 0.6, 0.6);
  const white = colour('Slab white', 0.9, 0.9, 0.85);
  const blue = colour('Space blue', 0.2, 0.4, 0.8, 0.7);
  const red = colour('Cap red', 0.8, 0.1, 0.1);
  const t = FIXTURE_WALL_THICKNESS_M;
  const wallHeight = FIXTURE_STOREY_HEIGHT_M - FIXTURE_SLAB_THICKNESS_M;
  const spaceRing = shrinkL(t);
  const storeyIds: string[] = [];
  const externalWalls: string[] = [];
  for (let s = 0; s < storeys; s++) {
    const elevation = s * FIXTURE_STOREY_HEIGHT_M;
    const storeyPlacement = placement(buildingPlacement, 0, 0, elevation);
    const storey = w.add(`IFCBUILDINGSTOREY(${w.gid()},$,${str(`F${s + 1}`)},$,$,${storeyPlacement},$,$,.ELEMENT.,${len(elevation)})`);
    storeyIds.push(storey);
    const contained: string[] = [];
    for (let e = 0; e < FIXTURE_OUTLINE_M.length; e++) {
      const [x0, y0] = FIXTURE_OUTLINE_M[e];
      const [x1, y1] = FIXTURE_OUTLINE_M[(e + 1) % FIXTURE_OUTLINE_M.length];
      const len = Math.hypot(x1 - x0, y1 - y0);
      const [dx, dy] = [(x1 - x0) / len, (y1 - y0) / len];
      for (let k = 0; k < perEdge; k++) {
        const a = (len * k) / perEdge;
        const segment = len / perEdge;
        const at = placement(storeyPlacement, x0 + dx * a, y0 + dy * a, 0, dx, dy);
        // The wall lies on the inner side (left of the counter-clockwise outline): local y from 0 to t.
        const ring: [number, number][] = [
          [0, 0],
          [segment, 0],
          [segment, t],
          [0, t],
        ];
        // The very first wall is two solids of one colour (the reader merges them into one part).
        const items =
          s === 0 && e === 0 && k === 0
            ? [prism(ring, 0, wallHeight / 2, grey), prism(ring, wallHeight / 2, wallHeight / 2, grey)]
            : [prism(ring, 0, wallHeight, grey)];
        const wall = w.add(`IFCWALL(${w.gid()},$,${str(fixtureWallName(s, e, k))},$,$,${at},${shape(items)},$,.STANDARD.)`);
        contained.push(wall);
        externalWalls.push(wall);
        quantities(wall, 'Qto_WallBaseQuantities', [length('Length', segment), length('Height', wallHeight)]);
      }
    }
    const slabAt = placement(storeyPlacement, 0, 0, 0);
    const slabShape = shape([prism(FIXTURE_OUTLINE_M, -FIXTURE_SLAB_THICKNESS_M, FIXTURE_SLAB_THICKNESS_M, white)]);
    const slab = w.add(`IFCSLAB(${w.gid()},$,${str(`Slab F${s + 1}`)},$,$,${slabAt},${slabShape},$,.FLOOR.)`);
    contained.push(slab);
    if (withQto.has(s)) {
      quantities(slab, 'Qto_SlabBaseQuantities', [area('GrossArea', FIXTURE_OUTLINE_AREA_M2), length('Width', FIXTURE_SLAB_THICKNESS_M)]);
    }
    if (s === 0) {
      const colAt = placement(storeyPlacement, 4, 3, 0);
      const square: [number, number][] = [
        [-0.2, -0.2],
        [0.2, -0.2],
        [0.2, 0.2],
        [-0.2, 0.2],
      ];
      const colShape = shape([prism(square, 0, wallHeight - 0.3, grey), prism(square, wallHeight - 0.3, 0.3, red)]);
      contained.push(w.add(`IFCCOLUMN(${w.gid()},$,'Column C1',$,$,${colAt},${colShape},$,.COLUMN.)`));
    }
    w.add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${w.gid()},$,$,$,(${contained.join(',')}),${storey})`);

    const spaceAt = placement(storeyPlacement, 0, 0, 0);
    const spaceShape = shape([prism(spaceRing, 0, wallHeight, blue)]);
    const space = w.add(`IFCSPACE(${w.gid()},$,${str(`Space F${s + 1}`)},$,$,${spaceAt},${spaceShape},'Office',.ELEMENT.,.INTERNAL.,$)`);
    w.add(`IFCRELAGGREGATES(${w.gid()},$,$,$,${storey},(${space}))`);
    quantities(space, 'Qto_SpaceBaseQuantities', [area('GrossFloorArea', FIXTURE_SPACE_AREA_M2)]);
  }
  w.add(`IFCRELAGGREGATES(${w.gid()},$,$,$,${building},(${storeyIds.join(',')}))`);
  props(externalWalls, 'Pset_WallCommon', [single('IsExternal', 'IFCBOOLEAN(.T.)'), single('Reference', "IFCIDENTIFIER('EW-200')")]);

  return [
    'ISO-10303-21;',
    'HEADER;',
    "FILE_DESCRIPTION(('ViewDefinition [ReferenceView]'),'2;1');",
    "FILE_NAME('fixture.ifc','2024-01-01T00:00:00',('cim'),('cim'),'cim ifcFixture','cim','');",
    "FILE_SCHEMA(('IFC4'));",
    'ENDSEC;',
    'DATA;',
    ...w.lines,
    'ENDSEC;',
    'END-ISO-10303-21;',
    '',
  ].join('\n');
}

function lengthUnit(w: StepWriter, unit: 'mm' | 'm' | 'ft'): string {
  if (unit === 'mm') return w.add('IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)');
  if (unit === 'm') return w.add('IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)');
  const metre = w.add('IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)');
  const dims = w.add('IFCDIMENSIONALEXPONENTS(1,0,0,0,0,0,0)');
  const factor = w.add(`IFCMEASUREWITHUNIT(IFCRATIOMEASURE(0.3048),${metre})`);
  return w.add(`IFCCONVERSIONBASEDUNIT(${dims},.LENGTHUNIT.,'FOOT',${factor})`);
}

/** The L outline moved inwards by d (each edge parallel): the inner face of the walls. */
function shrinkL(d: number): [number, number][] {
  return [
    [d, d],
    [20 - d, d],
    [20 - d, 6 - d],
    [8 - d, 6 - d],
    [8 - d, 12 - d],
    [d, 12 - d],
  ];
}
