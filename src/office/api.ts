/**
 * The office page's calls to /api/office/… (same origin; the session is an HttpOnly cookie the
 * page never sees). Every write repeats the session's CSRF token in X-CSRF-Token.
 */
export interface OfficeComment {
  id: number;
  receipt: string;
  kind: 'opinion' | 'report';
  body: string | null;
  target: { kind: string; label?: string; layer?: string; id?: string; doc?: string; section?: string; title?: string };
  lon: number | null;
  lat: number | null;
  counties: string[];
  county_codes: string[];
  cities: string[];
  elements: { layer: string; id: string; name: string; element: string; doc: string; section?: string }[];
  clause: { doc: string; docTitle?: string; section: string; title?: string; quote?: string } | null;
  status: 'received' | 'processing' | 'answered';
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  moderation: 'ok' | 'spam' | 'abuse';
  created_at: string;
  withdrawn_at: string | null;
  has_contact: boolean;
  personal_data_purged_at: string | null;
}

export interface ListAnswer {
  total: number;
  comments: OfficeComment[];
  counties: { code: string; name: string; n: number }[];
  elements: { layer: string; id: string; name: string; n: number }[];
}

/** the list's filters: the server's own type (one definition for the list, the exports and this page) */
export type { Filters } from '../../server/office/filters';
import type { Filters } from '../../server/office/filters';

export class OfficeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string },
  ) {
    super(text.zh);
  }
}

const url = (path: string) => new URL(`../api/office/${path}`, location.href).href;
let csrf = '';

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const write = init.method && init.method !== 'GET';
  const r = await fetch(url(path), {
    credentials: 'same-origin',
    cache: 'no-store',
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(write ? { 'x-csrf-token': csrf } : {}), ...(init.headers ?? {}) },
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new OfficeError(r.status, body?.error ?? 'error', body?.message ?? { zh: `服务器错误（${r.status}）`, en: `Server error (${r.status})` });
  return body as T;
}

export const query = (f: Filters) =>
  new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString();

export async function session(): Promise<{ user: { username: string; displayName: string | null } } | null> {
  try {
    const s = await call<{ user: { username: string; displayName: string | null }; csrf: string }>('session');
    csrf = s.csrf;
    return s;
  } catch (e) {
    if (e instanceof OfficeError && e.status === 401) return null;
    throw e;
  }
}

export async function login(username: string, password: string) {
  const s = await call<{ user: { username: string; displayName: string | null }; csrf: string }>('login', { method: 'POST', body: JSON.stringify({ username, password }) });
  csrf = s.csrf;
  return s;
}

export const logout = () => call('logout', { method: 'POST' });
export const list = (f: Filters) => call<ListAnswer>(`comments?${query({ ...f })}&limit=200`);
export const detail = (id: number) => call<{ comment: OfficeComment; events: { at: string; actor: string; action: string; detail: Record<string, unknown> | null }[] }>(`comments/${id}`);
export const update = (id: number, patch: { status?: string; answer?: string; moderation?: string }) =>
  call<{ comment: OfficeComment }>(`comments/${id}`, { method: 'PATCH', body: JSON.stringify(patch) });
export const getWindow = () => call<{ open: boolean; opensAt: string | null; closesAt: string | null; reason: { zh: string; en: string } | null }>('consultation');
export const setWindow = (w: { opensAt: string | null; closesAt: string | null; reasonZh?: string; reasonEn?: string }) =>
  call('consultation', { method: 'PUT', body: JSON.stringify(w) });
export const exportUrl = (format: 'csv' | 'xlsx', f: Filters, contacts = false) => url(`export.${format}?${query({ ...f, ...(contacts ? { contacts: '1' } : {}) } as Filters)}`);
