import { describe, expect, it } from 'vitest';
import { splitTileset, type TileNode, type TilesetDocument } from './externalTilesets';

/** A full quadtree `levels` deep, each tile with its own content, error halving per level and a transform of its own. */
function quadtree(levels: number): TilesetDocument {
  let next = 0;
  const tile = (level: number): TileNode => {
    const k = next++;
    return {
      boundingVolume: { region: [k, 0, k + 1, 1, 0, 10] },
      geometricError: 2 ** (levels - level),
      transform: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, k, level, 0, 1],
      content: { uri: `tiles/${k}.glb` },
      ...(level + 1 < levels ? { children: [0, 1, 2, 3].map(() => tile(level + 1)) } : {}),
    };
  };
  return { asset: { version: '1.1' }, geometricError: 2 ** (levels + 1), root: { ...tile(0), refine: 'REPLACE' } };
}

const tiles = (t: TileNode): TileNode[] => [t, ...(t.children ?? []).flatMap(tiles)];

describe('splitTileset', () => {
  it('moves each big subtree at the depth to its own document, every tile and content kept once', () => {
    const doc = quadtree(5); // 341 tiles: 16 subtrees of 21 at depth 2
    const { root, parts } = splitTileset(doc, { depth: 2, minTiles: 10 });
    expect(parts).toHaveLength(16);
    const all = [...tiles(root.root), ...parts.flatMap((p) => tiles(p.document.root))];
    const placeholders = all.filter((t) => t.content?.uri.endsWith('.json'));
    expect(placeholders.map((t) => t.content!.uri).sort()).toEqual(parts.map((p) => p.uri).sort());
    const glbs = all.filter((t) => t.content?.uri.endsWith('.glb')).map((t) => t.content!.uri);
    expect(glbs.sort()).toEqual(
      tiles(doc.root)
        .map((t) => t.content!.uri)
        .sort(),
    );
    expect(tiles(root.root)).toHaveLength(1 + 4 + 16);
  });

  it('keeps the replaced tile’s volume and error, composes transforms as before and gives each external root its refinement', () => {
    const doc = quadtree(4);
    const { root, parts } = splitTileset(doc, { depth: 2, minTiles: 5 });
    const originals = doc.root.children!.flatMap((c) => c.children!);
    const holders = root.root.children!.flatMap((c) => c.children!);
    expect(holders).toHaveLength(originals.length);
    holders.forEach((h, i) => {
      const part = parts.find((p) => p.uri === h.content!.uri)!;
      expect(h.transform).toBeUndefined();
      expect(h.children).toBeUndefined();
      expect(h.boundingVolume).toEqual(originals[i].boundingVolume);
      expect(h.geometricError).toBe(originals[i].geometricError);
      expect(part.document.geometricError).toBe(originals[i].geometricError);
      expect(part.document.root).toEqual({ ...originals[i], refine: 'REPLACE' });
      expect(part.document.asset).toEqual(doc.asset);
    });
    expect(doc.root.children![0].children![0].refine).toBeUndefined(); // the input is not changed
  });

  it('leaves a tileset whose subtrees are small as one document', () => {
    const doc = quadtree(4); // subtrees of 5 tiles at depth 2
    const { root, parts } = splitTileset(doc, { depth: 2, minTiles: 32 });
    expect(parts).toEqual([]);
    expect(root).toEqual(doc);
  });
});
