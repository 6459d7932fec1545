/**
 * The comments API seen from the browser: same origin (`npm start` serves app and API), relative
 * to the page, so the app works under any path. A static host without the server has no
 * `api/config`: the comment buttons are then absent. The last answer is remembered, so a phone
 * that opens the map offline still offers to write (and queue) a comment.
 */
import type { Bilingual, CommentsConfig, CommentStatus, CommentTarget, CommentKind } from './types';

const REMEMBERED = 'planning-map:comments-api';

export const apiUrl = (path: string) => new URL(`api/${path}`, document.baseURI).href;

/** A refusal from the server (4xx other than 429): sending again will not help. */
export class Refused extends Error {
  constructor(
    readonly code: string,
    readonly text: Bilingual,
    readonly status: number,
  ) {
    super(text.en);
  }
}

/** The server could not be reached, or asked to come back later (network, 5xx, 429). */
export class TryLater extends Error {}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let r: Response;
  try {
    r = await fetch(apiUrl(path), { cache: 'no-store', credentials: 'same-origin', ...init });
  } catch (e) {
    throw new TryLater((e as Error).message);
  }
  const type = r.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await r.json().catch(() => null) : null;
  if (r.ok && body) return body as T;
  if (r.status === 429 || r.status >= 500 || !body) throw new TryLater(`HTTP ${r.status}`);
  throw new Refused(body.error ?? 'refused', body.message ?? { zh: `服务器拒绝（${r.status}）`, en: `Refused (${r.status})` }, r.status);
}

/** The comments settings, or null when this app has no comments server. */
export async function detectApi(): Promise<{ config: CommentsConfig; live: boolean } | null> {
  try {
    const r = await fetch(apiUrl('config'), { cache: 'no-store' });
    const json = (r.headers.get('content-type') ?? '').includes('application/json') ? await r.json().catch(() => null) : null;
    if (r.ok && json?.comments) {
      try {
        localStorage.setItem(REMEMBERED, JSON.stringify(json.comments));
      } catch {
        /* private mode: not remembered */
      }
      return { config: json.comments as CommentsConfig, live: true };
    }
    if (r.status >= 500) return remembered();
    localStorage.removeItem(REMEMBERED);
    return null;
  } catch {
    // offline (or the server is down): what we knew last time
    return remembered();
  }
}

function remembered(): { config: CommentsConfig; live: boolean } | null {
  try {
    const s = localStorage.getItem(REMEMBERED);
    return s ? { config: JSON.parse(s) as CommentsConfig, live: false } : null;
  } catch {
    return null;
  }
}

export interface Sent {
  receipt: string;
  status: string;
  createdAt: string;
  duplicate?: boolean;
}

export async function sendComment(body: {
  idempotencyKey: string;
  kind: CommentKind;
  text: string;
  contact?: string;
  consent?: boolean;
  lang: 'zh' | 'en';
  target: CommentTarget;
}): Promise<Sent> {
  const challenge = await call<unknown>('comments/challenge');
  const { solve } = await import('./pow');
  const solution = await solve(challenge);
  return call<Sent>('comments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, pow: { challenge, solution } }) });
}

export const commentStatus = (receipt: string) => call<CommentStatus>(`comments/${encodeURIComponent(receipt)}`);

export const deleteComment = (receipt: string) => call<{ receipt: string; status: string }>(`comments/${encodeURIComponent(receipt)}`, { method: 'DELETE' });
