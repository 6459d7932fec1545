/** Draws a composed sheet on a 2D canvas of the paper's size in pixels (the PNG). */
import type { Sheet, Prim } from './compose';
import { ptToMm } from './paper';

export const SHEET_FONT_FAMILY = 'SheetCJK';
export const SHEET_FONT_STACK = `${SHEET_FONT_FAMILY}, "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif`;

function path(ctx: CanvasRenderingContext2D, p: Extract<Prim, { t: 'path' }>) {
  ctx.beginPath();
  for (const ring of p.rings) {
    ring.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    if (p.closed) ctx.closePath();
  }
}

function strokeStyle(ctx: CanvasRenderingContext2D, stroke: string, lw: number, dash?: number[]) {
  ctx.strokeStyle = stroke;
  ctx.lineWidth = lw;
  ctx.setLineDash(dash ?? []);
}

/** `map` is the captured map (any size; drawn into the map frame); `mapB` side B's in a side-by-side comparison. */
export function renderCanvas(sheet: Sheet, canvas: HTMLCanvasElement | OffscreenCanvas, map: CanvasImageSource | null, mapB: CanvasImageSource | null = null) {
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.save();
  ctx.scale(canvas.width / sheet.size.width, canvas.height / sheet.size.height);
  ctx.lineJoin = 'miter';
  ctx.textBaseline = 'alphabetic';
  for (const p of sheet.prims) {
    ctx.globalAlpha = 1;
    switch (p.t) {
      case 'rect':
        if (p.fill) {
          ctx.globalAlpha = p.fillOpacity ?? 1;
          ctx.fillStyle = p.fill;
          ctx.fillRect(p.x, p.y, p.w, p.h);
          ctx.globalAlpha = 1;
        }
        if (p.stroke) {
          ctx.globalAlpha = p.strokeOpacity ?? 1;
          strokeStyle(ctx, p.stroke, p.lw ?? 0.2, p.dash);
          ctx.strokeRect(p.x, p.y, p.w, p.h);
        }
        break;
      case 'svg': {
        ctx.save();
        ctx.translate(p.x, p.y);
        ctx.scale(p.scale, p.scale);
        const path = new Path2D(p.d);
        if (p.fill) {
          ctx.globalAlpha = p.fillOpacity ?? 1;
          ctx.fillStyle = p.fill;
          ctx.fill(path);
        }
        if (p.stroke) {
          ctx.globalAlpha = p.strokeOpacity ?? 1;
          ctx.lineJoin = 'round';
          strokeStyle(ctx, p.stroke, (p.lw ?? 0.2) / p.scale, p.dash?.map((d) => d / p.scale));
          ctx.stroke(path);
        }
        ctx.restore();
        break;
      }
      case 'path':
        path(ctx, p);
        if (p.fill && p.closed) {
          ctx.globalAlpha = p.fillOpacity ?? 1;
          ctx.fillStyle = p.fill;
          ctx.fill('evenodd');
          ctx.globalAlpha = 1;
        }
        if (p.stroke) {
          ctx.globalAlpha = p.strokeOpacity ?? 1;
          strokeStyle(ctx, p.stroke, p.lw ?? 0.2, p.dash);
          ctx.stroke();
        }
        break;
      case 'circle':
        ctx.beginPath();
        ctx.arc(p.cx, p.cy, p.r, 0, Math.PI * 2);
        if (p.fill) {
          ctx.globalAlpha = p.fillOpacity ?? 1;
          ctx.fillStyle = p.fill;
          ctx.fill();
          ctx.globalAlpha = 1;
        }
        if (p.stroke) {
          strokeStyle(ctx, p.stroke, p.lw ?? 0.2);
          ctx.stroke();
        }
        break;
      case 'text': {
        // text is set in device pixels (not through the mm transform): small sizes scaled up
        // by a transform are placed less precisely by some browsers
        const sx = canvas.width / sheet.size.width;
        const sy = canvas.height / sheet.size.height;
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.fillStyle = p.color ?? '#000000';
        ctx.font = `${ptToMm(p.size) * sx}px ${SHEET_FONT_STACK}`;
        ctx.textAlign = p.align ?? 'left';
        ctx.fillText(p.text, p.x * sx, p.y * sy);
        ctx.restore();
        break;
      }
      case 'map': {
        const img = p.side === 'b' ? mapB : map;
        if (img) ctx.drawImage(img, p.x, p.y, p.w, p.h);
        else {
          ctx.fillStyle = '#eceae4';
          ctx.fillRect(p.x, p.y, p.w, p.h);
        }
        break;
      }
    }
  }
  ctx.restore();
}

/** A measure function (mm at a size in pt) from the loaded sheet font. */
export function canvasMeasure(): (text: string, pt: number) => number {
  const c = document.createElement('canvas').getContext('2d')!;
  c.font = `100px ${SHEET_FONT_STACK}`;
  const cache = new Map<string, number>();
  return (text, pt) => {
    let w = cache.get(text);
    if (w === undefined) cache.set(text, (w = c.measureText(text).width / 100));
    return w * ptToMm(pt);
  };
}
