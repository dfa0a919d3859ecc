// The little of the DOM that three.js's Collada parser uses (childNodes, nodeType, nodeName, getAttribute,
// textContent, getElementsByTagName, querySelector('[id="…"]'), parentElement), over a small XML parser of our own:
// a web worker and Node have no DOMParser. Malformed XML throws XmlError with the line it was found on.

export class XmlError extends Error {}

export class XmlText {
  readonly nodeType = 3;
  readonly nodeName = '#text';
  readonly childNodes: never[] = [];
  parentElement: XmlElement | null = null;
  constructor(readonly textContent: string) {}
}

abstract class XmlParent {
  readonly childNodes: (XmlElement | XmlText)[] = [];

  get children(): XmlElement[] {
    return this.childNodes.filter((c): c is XmlElement => c.nodeType === 1);
  }

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }

  /** Descendant elements named `name` ('*' for all), in document order. */
  getElementsByTagName(name: string): XmlElement[] {
    const out: XmlElement[] = [];
    const visit = (p: XmlParent) => {
      for (const c of p.childNodes) {
        if (c.nodeType !== 1) continue;
        if (name === '*' || c.nodeName === name) out.push(c);
        visit(c);
      }
    };
    visit(this);
    return out;
  }

  /** Only the attribute selector `[name="value"]` (all the Collada parser asks). */
  querySelector(selector: string): XmlElement | null {
    const m = /^\[([\w:-]+)="([^"]*)"\]$/.exec(selector.trim());
    if (!m) throw new XmlError(`unsupported selector ${selector}`);
    return this.getElementsByTagName('*').find((e) => e.getAttribute(m[1]) === m[2]) ?? null;
  }
}

export class XmlElement extends XmlParent {
  readonly nodeType = 1;
  parentElement: XmlElement | null = null;

  constructor(
    readonly nodeName: string,
    private readonly attributes: Map<string, string>,
  ) {
    super();
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
}

export class XmlDocument extends XmlParent {
  readonly nodeType = 9;
  readonly nodeName = '#document';

  get documentElement(): XmlElement | null {
    return this.children[0] ?? null;
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ATTRIBUTE = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? all;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** An XML document; throws XmlError on unclosed or mismatched tags, a bad tag, or no root element. */
export function parseXml(text: string): XmlDocument {
  const doc = new XmlDocument();
  const stack: XmlParent[] = [doc];
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) addText(stack[stack.length - 1], decodeEntities(text.slice(i, end)));
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) i = skipTo(text, '-->', lt, lineAt);
    else if (text.startsWith('<![CDATA[', lt)) {
      const close = skipTo(text, ']]>', lt, lineAt);
      addText(stack[stack.length - 1], text.slice(lt + 9, close - 3));
      i = close;
    } else if (text.startsWith('<?', lt)) i = skipTo(text, '?>', lt, lineAt);
    else if (text.startsWith('<!', lt)) i = skipTo(text, '>', lt, lineAt);
    else {
      const close = skipTo(text, '>', lt, lineAt);
      const body = text.slice(lt + 1, close - 1);
      if (body.startsWith('/')) {
        const name = body.slice(1).trim();
        const open = stack.pop();
        if (!(open instanceof XmlElement) || open.nodeName !== name)
          throw new XmlError(`line ${lineAt(lt)}: </${name}> closes ${open instanceof XmlElement ? `<${open.nodeName}>` : 'nothing'}`);
      } else {
        const selfClosing = body.endsWith('/');
        const inner = selfClosing ? body.slice(0, -1) : body;
        const name = /^[^\s/>]+/.exec(inner)?.[0];
        if (!name) throw new XmlError(`line ${lineAt(lt)}: a tag without a name`);
        const attributes = new Map<string, string>();
        for (const a of inner.slice(name.length).matchAll(ATTRIBUTE)) attributes.set(a[1], decodeEntities(a[3] ?? a[4]));
        const parent = stack[stack.length - 1];
        if (parent === doc && doc.documentElement) throw new XmlError(`line ${lineAt(lt)}: a second root element <${name}>`);
        const element = new XmlElement(name, attributes);
        element.parentElement = parent instanceof XmlElement ? parent : null;
        parent.childNodes.push(element);
        if (!selfClosing) stack.push(element);
      }
      i = close;
    }
  }
  const open = stack[stack.length - 1];
  if (open instanceof XmlElement) throw new XmlError(`<${open.nodeName}> is never closed (truncated file?)`);
  if (!doc.documentElement) throw new XmlError('no root element');
  return doc;
}

function addText(parent: XmlParent, text: string): void {
  if (parent instanceof XmlElement) {
    const node = new XmlText(text);
    node.parentElement = parent;
    parent.childNodes.push(node);
  } else if (text.trim()) throw new XmlError('text outside the root element');
}

/** The index just past `close`, searched from `from`; throws when the file ends first. */
function skipTo(text: string, close: string, from: number, lineAt: (i: number) => number): number {
  const at = text.indexOf(close, from + 1);
  if (at < 0) throw new XmlError(`line ${lineAt(from)}: unterminated markup (truncated file?)`);
  return at + close.length;
}
