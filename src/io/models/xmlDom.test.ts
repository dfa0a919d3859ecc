import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from './xmlDom';

describe('parseXml: the DOM subset the Collada parser uses', () => {
  it('elements, attributes, text with entities and CDATA, comments and declarations skipped', () => {
    const doc = parseXml(`<?xml version="1.0"?>
<!DOCTYPE r>
<!-- a comment with <tags> -->
<r a="1 &amp; 2" b='x'>
  <item id="one">A &lt;b&gt; &#65;&#x42;</item>
  <group><item sid="two"><![CDATA[<raw> & text]]></item><empty/></group>
</r>`);
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('r');
    expect(root.getAttribute('a')).toBe('1 & 2');
    expect(root.getAttribute('b')).toBe('x');
    expect(root.hasAttribute('c')).toBe(false);
    expect(root.getAttribute('c')).toBeNull();
    expect(root.children.map((c) => c.nodeName)).toEqual(['item', 'group']);
    expect(root.childNodes.filter((c) => c.nodeType === 3).length).toBe(3);
    expect(root.getElementsByTagName('item').map((e) => e.textContent)).toEqual(['A <b> AB', '<raw> & text']);
    const two = doc.querySelector('[sid="two"]')!;
    expect(two.parentElement?.nodeName).toBe('group');
    expect(doc.querySelector('[id="none"]')).toBeNull();
    expect(root.getElementsByTagName('empty')[0].childNodes).toEqual([]);
  });

  it('malformed XML throws XmlError with what is wrong', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a><b></a>')).toThrow('line 1: </a> closes <b>');
    expect(() => parseXml('<a>\n<b>')).toThrow('<b> is never closed');
    expect(() => parseXml('<a x="1')).toThrow('unterminated');
    expect(() => parseXml('just text')).toThrow('text outside the root element');
    expect(() => parseXml('<a/><b/>')).toThrow('a second root element <b>');
    expect(() => parseXml('')).toThrow('no root element');
  });
});
