// A small WKT reader (WKT1, ESRI's WKT1 flavour, WKT2; brackets [] or ()): text → a tree of keyword nodes,
// enough to read a CRS's authority, datum, projection and parameters.

export interface WktNode {
  /** Upper-cased keyword: 'PROJCS', 'GEOGCRS', 'PARAMETER'… */
  keyword: string;
  args: WktArg[];
}
export type WktArg = string | number | WktNode;

/** Parses WKT text into its root node; throws a SyntaxError naming the offset on malformed text. */
export function parseWkt(text: string): WktNode {
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`WKT: ${what} at offset ${i}`);
  };
  const node = (depth: number): WktNode => {
    if (depth > 64) fail('nesting deeper than 64');
    skipSpace();
    const start = i;
    while (i < n && /[A-Za-z0-9_]/.test(text[i])) i++;
    if (i === start) fail('keyword expected');
    const keyword = text.slice(start, i).toUpperCase();
    skipSpace();
    const args: WktArg[] = [];
    if (text[i] !== '[' && text[i] !== '(') return { keyword, args };
    const close = text[i] === '[' ? ']' : ')';
    i++;
    for (;;) {
      skipSpace();
      if (i >= n) fail(`'${close}' expected`);
      const c = text[i];
      if (c === '"') {
        let s = '';
        i++;
        for (;;) {
          if (i >= n) fail('unterminated string');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              s += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          s += text[i++];
        }
        args.push(s);
      } else if (/[-+.\d]/.test(c)) {
        const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 40));
        if (!m) fail('number expected');
        args.push(Number(m![0]));
        i += m![0].length;
      } else {
        args.push(node(depth + 1));
      }
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return { keyword, args };
      }
      fail(`',' or '${close}' expected`);
    }
  };
  const root = node(0);
  skipSpace();
  // ArcGIS writes a vertical CRS after the horizontal one ("PROJCS[…],VERTCS[…]"): the horizontal one is the CRS read here.
  if (i < n && !/^,?\s*VERTCS\s*\[/i.test(text.slice(i))) fail('text after the end');
  return root;
}

/** The direct child nodes of `node` with one of `keywords`. */
export function children(node: WktNode, ...keywords: string[]): WktNode[] {
  return node.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
}

/** The first direct child with one of `keywords`, or null. */
export function child(node: WktNode, ...keywords: string[]): WktNode | null {
  return children(node, ...keywords)[0] ?? null;
}

/** Depth-first: the first node anywhere below (or at) `node` with one of `keywords`. */
export function find(node: WktNode, ...keywords: string[]): WktNode | null {
  if (keywords.includes(node.keyword)) return node;
  for (const a of node.args) {
    if (typeof a === 'object') {
      const f = find(a, ...keywords);
      if (f) return f;
    }
  }
  return null;
}

/** The node's first string argument (its name), or ''. */
export function nameOf(node: WktNode | null): string {
  const s = node?.args[0];
  return typeof s === 'string' ? s : '';
}

/** The `index`-th number argument of a node, or NaN. */
export function numberArg(node: WktNode | null, index = 0): number {
  const nums = node ? node.args.filter((a): a is number => typeof a === 'number') : [];
  return nums[index] ?? NaN;
}

/** The authority code of a node's own AUTHORITY["EPSG","4547"] (WKT1) or ID["EPSG",4547] (WKT2), e.g. 'EPSG:4547'. */
export function authorityOf(node: WktNode): string | null {
  const id = child(node, 'AUTHORITY', 'ID');
  if (!id || typeof id.args[0] !== 'string' || id.args[1] === undefined || typeof id.args[1] === 'object') return null;
  return `${id.args[0].toUpperCase()}:${String(id.args[1])}`;
}
