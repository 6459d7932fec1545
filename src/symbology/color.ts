/** Catalog colours are "#rrggbb" or "#rrggbbaa"; renderers want [r, g, b, a] with 0–255 channels. */
export type RGBA = [number, number, number, number];

export function hexToRgba(hex: string | undefined, fallback: RGBA = [0, 0, 0, 0]): RGBA {
  if (!hex || !/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(hex)) return fallback;
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return [n(1), n(3), n(5), hex.length === 9 ? n(7) : 255];
}

/** "#rrggbb" of a colour (alpha dropped), for SVG fill/stroke attributes. */
export function rgbHex(c: RGBA): string {
  return '#' + c.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** The alpha channel as 0–1, for SVG fill-opacity/stroke-opacity attributes. */
export const alpha01 = (c: RGBA) => Math.round((c[3] / 255) * 1000) / 1000;

/** The pale fill inside a schematic (dashed) marker: the class colour at a quarter strength. */
export const schematicFill = (c: RGBA): RGBA => [c[0], c[1], c[2], 64];
