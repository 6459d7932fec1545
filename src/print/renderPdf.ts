/**
 * Writes a composed sheet as a one-page PDF: real text in the embedded CJK font (subset to the
 * glyphs used, so Chinese is selectable and prints anywhere), vector frame lines, legend,
 * scale bar, north arrow and locator map, and the captured map as an image at the sheet's dpi.
 * @cantoo/pdf-lib (a maintained pdf-lib fork) + fontkit 2: no eval, works under a strict CSP.
 * (@pdf-lib/fontkit is smaller, but its subsets of this font printed most glyphs blank.)
 */
import { PDFDocument, rgb, FillRule, type PDFFont, type PDFPage, type Color } from '@cantoo/pdf-lib';
import * as fontkit from 'fontkit';
import type { Sheet, Prim, Pt } from './compose';
import { mmToPt } from './paper';

const color = (hex: string): Color => {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16) / 255;
  return rgb(n(1), n(3), n(5));
};
/** "#rrggbbaa" carries its own opacity */
const alphaOf = (hex: string) => (hex.length === 9 ? parseInt(hex.slice(7, 9), 16) / 255 : 1);

const f = (n: number) => Number(n.toFixed(3));
const ringPath = (ring: Pt[], closed: boolean) => ring.map(([x, y], i) => `${i ? 'L' : 'M'}${f(x)} ${f(y)}`).join(' ') + (closed ? ' Z' : '');

function svgPath(p: Prim): string {
  switch (p.t) {
    case 'rect':
      return `M${f(p.x)} ${f(p.y)} H${f(p.x + p.w)} V${f(p.y + p.h)} H${f(p.x)} Z`;
    case 'circle':
      return `M${f(p.cx - p.r)} ${f(p.cy)} A${f(p.r)} ${f(p.r)} 0 1 0 ${f(p.cx + p.r)} ${f(p.cy)} A${f(p.r)} ${f(p.r)} 0 1 0 ${f(p.cx - p.r)} ${f(p.cy)} Z`;
    case 'path':
      return p.rings.map((r) => ringPath(r, p.closed)).join(' ');
    default:
      return '';
  }
}

function drawShape(page: PDFPage, p: Prim, pageH: number) {
  const fill = 'fill' in p && p.fill && (p.t !== 'path' || p.closed) ? p.fill : undefined;
  const stroke = 'stroke' in p ? p.stroke : undefined;
  if (!fill && !stroke) return;
  page.drawSvgPath(svgPath(p), {
    x: 0,
    y: pageH,
    scale: mmToPt(1),
    ...(fill ? { color: color(fill), opacity: ('fillOpacity' in p ? (p.fillOpacity ?? 1) : 1) * alphaOf(fill) } : {}),
    ...(stroke
      ? {
          borderColor: color(stroke),
          borderWidth: ('lw' in p ? p.lw : undefined) ?? 0.2,
          borderOpacity: ('strokeOpacity' in p ? (p.strokeOpacity ?? 1) : 1) * alphaOf(stroke),
          ...('dash' in p && p.dash ? { borderDashArray: p.dash } : {}),
        }
      : {}),
    fillRule: FillRule.EvenOdd,
  });
}

export interface PdfOptions {
  /** the CJK font file (TTF) */
  font: ArrayBuffer | Uint8Array;
  /** the captured map, as JPEG or PNG bytes */
  map: { bytes: ArrayBuffer | Uint8Array; type: 'jpeg' | 'png' } | null;
  title: string;
  subject?: string;
  creator?: string;
  date?: Date;
}

export async function renderPdf(sheet: Sheet, opts: PdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit as unknown as Parameters<typeof doc.registerFontkit>[0]);
  const font: PDFFont = await doc.embedFont(opts.font, { subset: true });
  const W = mmToPt(sheet.size.width);
  const H = mmToPt(sheet.size.height);
  const page = doc.addPage([W, H]);
  doc.setTitle(opts.title);
  if (opts.subject) doc.setSubject(opts.subject);
  doc.setCreator(opts.creator ?? 'Central Shanxi Planning Map');
  doc.setProducer('Central Shanxi Planning Map (@cantoo/pdf-lib)');
  const when = opts.date ?? new Date();
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const image = opts.map ? await (opts.map.type === 'jpeg' ? doc.embedJpg(opts.map.bytes) : doc.embedPng(opts.map.bytes)) : null;

  for (const p of sheet.prims) {
    if (p.t === 'text') {
      const w = font.widthOfTextAtSize(p.text, p.size);
      const x = mmToPt(p.x) - (p.align === 'center' ? w / 2 : p.align === 'right' ? w : 0);
      page.drawText(p.text, { x, y: H - mmToPt(p.y), size: p.size, font, color: color(p.color ?? '#000000') });
    } else if (p.t === 'svg') {
      page.drawSvgPath(p.d, {
        x: mmToPt(p.x),
        y: H - mmToPt(p.y),
        scale: mmToPt(p.scale),
        ...(p.fill ? { color: color(p.fill), opacity: p.fillOpacity ?? 1 } : {}),
        ...(p.stroke ? { borderColor: color(p.stroke), borderWidth: (p.lw ?? 0.2) / p.scale, borderOpacity: p.strokeOpacity ?? 1 } : {}),
      });
    } else if (p.t === 'map') {
      if (image) page.drawImage(image, { x: mmToPt(p.x), y: H - mmToPt(p.y + p.h), width: mmToPt(p.w), height: mmToPt(p.h) });
    } else {
      drawShape(page, p, H);
    }
  }
  return doc.save();
}
