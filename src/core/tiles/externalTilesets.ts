// A big tileset document split into a root document and external tilesets (3D Tiles "external tileset" content):
// the viewer then parses each subtree when the camera first reaches it, in a task of its own, instead of building
// every tile of a city (1,400 at zhengzhou, a 680 KB document) in one task on opening.

/** The parts of a tile this split reads; everything else is carried over as it is. */
export interface TileNode {
  geometricError: number;
  refine?: 'REPLACE' | 'ADD';
  content?: { uri: string };
  children?: TileNode[];
  [key: string]: unknown;
}

export interface TilesetDocument<T extends TileNode = TileNode> {
  asset: { version: string; [key: string]: unknown };
  geometricError: number;
  root: T;
}

export interface SplitOptions {
  /** Depth (root = 0) whose subtrees may move to files of their own. */
  depth?: number;
  /** A subtree moves out only with at least this many tiles: a small tileset stays one document. */
  minTiles?: number;
  /** Folder of the external documents, relative to the root document. */
  dir?: string;
}

const countTiles = (t: TileNode): number => 1 + (t.children ?? []).reduce((s, c) => s + countTiles(c), 0);

/**
 * The root document (subtrees at `depth` with `minTiles` or more replaced by a tile whose content is their own
 * document) and those documents by uri. The replacing tile keeps the subtree's bounding volume and error and has
 * no transform, so the external root's transform still composes with the same parent; the external root carries
 * the refinement it inherited, as 3D Tiles requires of a root.
 */
export function splitTileset<T extends TileNode>(
  doc: TilesetDocument<T>,
  { depth = 2, minTiles = 16, dir = 'subtrees' }: SplitOptions = {},
): { root: TilesetDocument; parts: { uri: string; document: TilesetDocument }[] } {
  const parts: { uri: string; document: TilesetDocument }[] = [];
  const visit = (t: TileNode, level: number, refine: 'REPLACE' | 'ADD' | undefined): TileNode => {
    const inherited = t.refine ?? refine;
    if (!t.children?.length) return t;
    if (level === depth && countTiles(t) >= minTiles) {
      const uri = `${dir}/${parts.length}.json`;
      parts.push({ uri, document: { asset: doc.asset, geometricError: t.geometricError, root: { ...t, refine: inherited } } });
      const { boundingVolume, geometricError } = t as TileNode & { boundingVolume: unknown };
      return { boundingVolume, geometricError, content: { uri } };
    }
    return { ...t, children: t.children.map((c) => visit(c, level + 1, inherited)) };
  };
  return { root: { ...doc, root: visit(doc.root, 0, undefined) }, parts };
}
