/** The page's one outbox (IndexedDB + the comments API), started on first use; it sends when the network is back. */
import { Outbox } from './outbox.svelte';
import { idbOutboxStore } from './queue';
import { sendComment } from './api';

let outbox: Outbox | null = null;

export function theOutbox(): Outbox {
  if (outbox) return outbox;
  const o = new Outbox({
    store: idbOutboxStore(),
    send: (key, d) => sendComment({ idempotencyKey: key, kind: d.kind, text: d.text, contact: d.contact || undefined, consent: d.consent || undefined, lang: d.lang, target: d.target }),
  });
  outbox = o;
  void o.load().then(() => o.flush());
  window.addEventListener('online', () => void o.flush());
  return o;
}
