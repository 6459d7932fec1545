/**
 * 意见汇总表: one row per comment with where it is (county, city — from the server's spatial
 * join), the plan elements and the clause it concerns, the text, status and answer. Never the
 * contact details: those only come in the separate contact list (联系人名单), of the comments
 * whose senders left a contact and consented.
 */
import Papa from 'papaparse';
import { xlsx, type Cell } from './xlsx.ts';
import type { ElementRef } from '../comments/place.ts';

export const KIND_ZH: Record<string, string> = { opinion: '意见建议', report: '问题反映' };
export const STATUS_ZH: Record<string, string> = { received: '已收到', processing: '处理中', answered: '已答复' };

export interface ExportRow {
  receipt: string;
  created_at: Date;
  kind: string;
  status: string;
  counties: string[];
  cities: string[];
  elements: ElementRef[];
  clause: { doc: string; docTitle?: string; section: string; title?: string } | null;
  target: { label?: string };
  body: string | null;
  answer: string | null;
  answered_at: Date | null;
  lon: number | null;
  lat: number | null;
  contact?: string | null;
  consent_at?: Date | null;
}

/** Beijing time, as offices write it: 2026-12-05 14:03 */
export function cst(d: Date | null): string {
  if (!d) return '';
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const elementsText = (els: ElementRef[]) => els.map((e) => (e.element && e.element !== e.name ? `${e.name}（${e.element}）` : e.name)).join('；');
const clauseText = (c: ExportRow['clause']) => (c ? [c.docTitle ?? c.doc, c.section, c.title].filter(Boolean).join(' · ') : '');

export const SUMMARY_HEADER = ['序号', '回执编号', '提交时间', '类型', '状态', '所在县（市、区）', '所在市', '涉及规划要素', '涉及条款', '意见对象', '意见内容', '答复', '答复时间', '经度', '纬度'];
const SUMMARY_WIDTHS = [6, 16, 17, 10, 8, 14, 8, 36, 36, 18, 60, 50, 17, 11, 10];

export function summaryRows(rows: ExportRow[]): Cell[][] {
  return rows.map((r, i) => [
    i + 1,
    r.receipt,
    cst(r.created_at),
    KIND_ZH[r.kind] ?? r.kind,
    STATUS_ZH[r.status] ?? r.status,
    r.counties.join('、'),
    r.cities.join('、'),
    elementsText(r.elements),
    clauseText(r.clause),
    r.target.label ?? '',
    r.body ?? '',
    r.answer ?? '',
    cst(r.answered_at),
    r.lon === null ? null : Number(r.lon.toFixed(6)),
    r.lat === null ? null : Number(r.lat.toFixed(6)),
  ]);
}

export const CONTACT_HEADER = ['序号', '回执编号', '提交时间', '类型', '状态', '所在县（市、区）', '联系方式', '同意时间'];
const CONTACT_WIDTHS = [6, 16, 17, 10, 8, 14, 26, 17];

export function contactRows(rows: ExportRow[]): Cell[][] {
  return rows
    .filter((r) => r.contact)
    .map((r, i) => [i + 1, r.receipt, cst(r.created_at), KIND_ZH[r.kind] ?? r.kind, STATUS_ZH[r.status] ?? r.status, r.counties.join('、'), r.contact ?? '', cst(r.consent_at ?? null)]);
}

/** CSV for Excel: UTF-8 with BOM, CRLF; a cell starting like a formula is prefixed with ' so it stays text. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const safe = (v: Cell) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v ?? '');
  return '\uFEFF' + Papa.unparse([header, ...rows.map((r) => r.map(safe))], { newline: '\r\n' }) + '\r\n';
}

export function summaryFile(rows: ExportRow[], format: 'csv' | 'xlsx'): string | Uint8Array {
  return format === 'csv' ? toCsv(SUMMARY_HEADER, summaryRows(rows)) : xlsx('意见汇总表', SUMMARY_HEADER, summaryRows(rows), SUMMARY_WIDTHS);
}

export function contactFile(rows: ExportRow[], format: 'csv' | 'xlsx'): string | Uint8Array {
  return format === 'csv' ? toCsv(CONTACT_HEADER, contactRows(rows)) : xlsx('联系人名单', CONTACT_HEADER, contactRows(rows), CONTACT_WIDTHS);
}
