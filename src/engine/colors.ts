/** Colour helpers for deck.gl accessors: catalog colours are "#rrggbb" or "#rrggbbaa". */
export type RGBA = [number, number, number, number];

export function hexToRgba(hex: string | undefined, fallback: RGBA = [0, 0, 0, 0]): RGBA {
  if (!hex || !/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(hex)) return fallback;
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return [n(1), n(3), n(5), hex.length === 9 ? n(7) : 255];
}

/** A colour accessor for a layer: by feature property (colorBy) or one colour for all. */
export function colorAccessor(
  base: string | undefined,
  colorBy: { key: string; colors: Record<string, string> } | undefined,
  alpha?: number,
): RGBA | ((f: { properties?: Record<string, unknown> }) => RGBA) {
  const withAlpha = (c: RGBA): RGBA => (alpha === undefined ? c : [c[0], c[1], c[2], alpha]);
  const fallback = withAlpha(hexToRgba(base));
  if (!colorBy) return fallback;
  const table = new Map(Object.entries(colorBy.colors).map(([k, v]) => [k, withAlpha(hexToRgba(v))]));
  return (f) => table.get(String(f.properties?.[colorBy.key])) ?? fallback;
}
