/**
 * Writes a composed sheet as a one-page PDF: real text in the embedded CJK font (subset to the
 * glyphs used, so Chinese is selectable and prints anywhere), vector frame lines, legend,
 * scale bar, north arrow and locator map, and the captured map as an image at the sheet's dpi.
 *
 * PDFKit (its browser build: no Node built-ins, no eval — works under the strict CSP) with
 * fontkit 2 for embedding and subsetting the font. Sheet coordinates are millimetres from the
 * top-left corner, y down — PDFKit's own orientation, so shapes are drawn under one scale.
 */
import PDFDocument from 'pdfkit';
import type { Sheet, Prim, Pt } from './compose';
import { mmToPt } from './paper';

type Doc = InstanceType<typeof PDFDocument>;

/** "#rrggbbaa" → colour + its own opacity */
const split = (hex: string): [string, number] => (hex.length === 9 ? [hex.slice(0, 7), parseInt(hex.slice(7, 9), 16) / 255] : [hex, 1]);

const f = (n: number) => Number(n.toFixed(3));
const ringPath = (ring: Pt[], closed: boolean) => ring.map(([x, y], i) => `${i ? 'L' : 'M'}${f(x)} ${f(y)}`).join(' ') + (closed ? ' Z' : '');

function pathData(p: Prim): string {
  switch (p.t) {
    case 'rect':
      return `M${f(p.x)} ${f(p.y)} H${f(p.x + p.w)} V${f(p.y + p.h)} H${f(p.x)} Z`;
    case 'circle':
      return `M${f(p.cx - p.r)} ${f(p.cy)} A${f(p.r)} ${f(p.r)} 0 1 0 ${f(p.cx + p.r)} ${f(p.cy)} A${f(p.r)} ${f(p.r)} 0 1 0 ${f(p.cx - p.r)} ${f(p.cy)} Z`;
    case 'path':
      return p.rings.map((r) => ringPath(r, p.closed)).join(' ');
    case 'svg':
      return p.d;
    default:
      return '';
  }
}

/**
 * Fill and/or stroke a path given in the current user space. `lw` and `dash` are in that space too.
 */
function paint(doc: Doc, d: string, style: { fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw: number; dash?: number[] }) {
  const fill = style.fill ? split(style.fill) : null;
  const stroke = style.stroke ? split(style.stroke) : null;
  if (!fill && !stroke) return;
  doc.save();
  if (fill) doc.fillColor(fill[0], (style.fillOpacity ?? 1) * fill[1]);
  if (stroke) {
    doc.strokeColor(stroke[0], (style.strokeOpacity ?? 1) * stroke[1]);
    doc.lineWidth(style.lw);
    if (style.dash?.length && style.dash.every((x) => x > 0)) doc.dash(style.dash);
  }
  doc.path(d);
  if (fill && stroke) doc.fillAndStroke(fill[0], stroke[0], 'even-odd');
  else if (fill) doc.fill(fill[0], 'even-odd');
  else doc.stroke();
  doc.restore();
}

export interface PdfOptions {
  /** the CJK font file (TTF) */
  font: ArrayBuffer | Uint8Array;
  /** the captured map, as JPEG or PNG bytes */
  map: { bytes: ArrayBuffer | Uint8Array; type: 'jpeg' | 'png' } | null;
  /** side B's map in a side-by-side comparison */
  mapB?: { bytes: ArrayBuffer | Uint8Array; type: 'jpeg' | 'png' } | null;
  title: string;
  subject?: string;
  creator?: string;
  date?: Date;
}

const FONT = 'sheet-cjk';

export function renderPdf(sheet: Sheet, opts: PdfOptions): Promise<Uint8Array> {
  const W = mmToPt(sheet.size.width);
  const H = mmToPt(sheet.size.height);
  const when = opts.date ?? new Date();
  const doc: Doc = new PDFDocument({
    size: [W, H],
    margin: 0,
    // no standard font: the browser build bundles none, and every text is in the embedded sheet font
    font: null,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: opts.title,
      Subject: opts.subject ?? '',
      Creator: opts.creator ?? 'Central Shanxi Planning Map',
      Producer: 'Central Shanxi Planning Map (PDFKit)',
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Uint8Array) => chunks.push(c));
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    doc.on('error', reject);
  });
  const fontBytes = opts.font instanceof Uint8Array ? opts.font : new Uint8Array(opts.font);
  doc.registerFont(FONT, fontBytes);
  const k = mmToPt(1);

  for (const p of sheet.prims) {
    if (p.t === 'text') {
      const [c, a] = split(p.color ?? '#000000');
      doc.font(FONT).fontSize(p.size).fillColor(c, a);
      const w = doc.widthOfString(p.text);
      const x = mmToPt(p.x) - (p.align === 'center' ? w / 2 : p.align === 'right' ? w : 0);
      // y is the text's baseline
      doc.text(p.text, x, mmToPt(p.y), { baseline: 'alphabetic', lineBreak: false });
    } else if (p.t === 'map') {
      const img = p.side === 'b' ? opts.mapB : opts.map;
      if (img) doc.image(img.bytes, mmToPt(p.x), mmToPt(p.y), { width: mmToPt(p.w), height: mmToPt(p.h) });
    } else if (p.t === 'svg') {
      // a legend symbol: its own units, drawn at (x, y) scaled; line widths stay in millimetres
      doc.save();
      doc.translate(mmToPt(p.x), mmToPt(p.y));
      doc.scale(mmToPt(p.scale));
      paint(doc, p.d, { fill: p.fill, fillOpacity: p.fillOpacity, stroke: p.stroke, strokeOpacity: p.strokeOpacity, lw: (p.lw ?? 0.2) / p.scale, dash: p.dash?.map((d) => d / p.scale) });
      doc.restore();
    } else {
      doc.save();
      doc.scale(k);
      const fill = 'fill' in p && p.fill && (p.t !== 'path' || p.closed) ? p.fill : undefined;
      paint(doc, pathData(p), {
        fill,
        fillOpacity: 'fillOpacity' in p ? p.fillOpacity : undefined,
        stroke: 'stroke' in p ? p.stroke : undefined,
        strokeOpacity: 'strokeOpacity' in p ? p.strokeOpacity : undefined,
        lw: ('lw' in p ? p.lw : undefined) ?? 0.2,
        dash: 'dash' in p ? p.dash : undefined,
      });
      doc.restore();
    }
  }
  doc.end();
  return done;
}
