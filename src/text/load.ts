/**
 * Loading the plan text and the traditional → simplified table: one cached fetch each (retried
 * after a failure), checked for shape so a damaged file gives a clear error.
 */
import type { PlanText } from './types';
import type { T2S } from './search';

const cache = new Map<string, Promise<unknown>>();

function once<T>(url: string, check: (json: unknown) => json is T, what: string): Promise<T> {
  let p = cache.get(url) as Promise<T> | undefined;
  if (!p) {
    p = fetch(new URL(url, document.baseURI).href)
      .then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        const json: unknown = await r.json();
        if (!check(json)) throw new Error(`${url}: not ${what}`);
        return json;
      })
      .catch((e) => {
        cache.delete(url);
        throw e;
      });
    cache.set(url, p);
  }
  return p;
}

const isPlanText = (j: unknown): j is PlanText => !!j && typeof j === 'object' && Array.isArray((j as PlanText).docs) && Array.isArray((j as PlanText).links);
const isT2S = (j: unknown): j is T2S => !!j && typeof (j as T2S).t === 'string' && typeof (j as T2S).s === 'string';

export const loadPlanText = (url = 'data/text/documents.json') => once(url, isPlanText, 'the plan text');
export const loadT2S = (url = 'data/text/t2s.json') => once(url, isT2S, 'a character table');
