// A small colour sample for legends: a filled square, or a line of a given width.

export function Swatch({ rgb, lineWidthPx }: { rgb: readonly [number, number, number]; lineWidthPx?: number }) {
  const color = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  const style = lineWidthPx
    ? { display: 'inline-block', width: 18, height: 0, borderTop: `${Math.max(1, lineWidthPx)}px solid ${color}`, verticalAlign: 'middle' }
    : { display: 'inline-block', width: 12, height: 12, background: color, border: '1px solid rgba(0,0,0,.25)', verticalAlign: 'middle' };
  return <span className="cim-swatch" style={{ ...style, marginRight: 6 }} aria-hidden />;
}
