/**
 * Point marker shapes, defined once in a unit box (x, y in [-1, 1], y down) and written out as
 * SVG path data at any centre and size. The same paths draw the map's markers (into deck.gl's
 * icon atlas with Path2D), the legend (SVG) and print (PDF or canvas), so a marker looks the
 * same everywhere. "-open" shapes are rings: no fill, a thick rim in the class colour.
 */
import type { SHAPES } from '../catalog/schema';

export type ShapeName = (typeof SHAPES)[number];
type Pt = [number, number];

function regular(n: number, r = 1, rotate = 0): Pt[] {
  return Array.from({ length: n }, (_, i) => {
    const a = -Math.PI / 2 + rotate + (i * 2 * Math.PI) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

function star(points = 5, outer = 1, inner = 0.45): Pt[] {
  return Array.from({ length: points * 2 }, (_, i) => {
    const r = i % 2 ? inner : outer;
    const a = -Math.PI / 2 + (i * Math.PI) / points;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

/** Corner points of each polygonal shape; the circle is drawn as a circle. */
const POLYGONS: Record<string, Pt[]> = {
  square: [[-0.82, -0.82], [0.82, -0.82], [0.82, 0.82], [-0.82, 0.82]],
  diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
  triangle: [[0, -1], [0.95, 0.72], [-0.95, 0.72]],
  'triangle-down': [[0, 1], [0.95, -0.72], [-0.95, -0.72]],
  pentagon: regular(5),
  hexagon: regular(6, 1, Math.PI / 6),
  star: star(),
  plus: [
    [-0.32, -1], [0.32, -1], [0.32, -0.32], [1, -0.32], [1, 0.32], [0.32, 0.32],
    [0.32, 1], [-0.32, 1], [-0.32, 0.32], [-1, 0.32], [-1, -0.32], [-0.32, -0.32],
  ],
};

const base = (shape: ShapeName) => shape.replace(/-open$/, '');
const fmt = (n: number) => {
  const s = n.toFixed(2);
  return s === '-0.00' ? '0' : s.replace(/\.?0+$/, '');
};

/** Open shapes are outlines: no fill, a thick rim in the class colour. */
export const isOpenShape = (shape: ShapeName) => shape.endsWith('-open');

/** SVG path data of a shape centred at (cx, cy) with radius r (y down). */
export function shapePath(shape: ShapeName, cx = 0, cy = 0, r = 1): string {
  const pts = POLYGONS[base(shape)];
  if (!pts) return `M${fmt(cx + r)} ${fmt(cy)} A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(cx - r)} ${fmt(cy)} A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(cx + r)} ${fmt(cy)} Z`;
  return pts.map(([x, y], i) => `${i ? 'L' : 'M'}${fmt(cx + x * r)} ${fmt(cy + y * r)}`).join(' ') + ' Z';
}
