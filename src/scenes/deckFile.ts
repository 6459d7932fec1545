/**
 * Decks as files: export writes a versioned JSON envelope; import reads one back. A file that is
 * not JSON, is something else (a GeoJSON, another app's file), comes from a newer version of the
 * map, or breaks the schema gets one clear message and changes nothing.
 */
import { DECK_FORMAT, DECK_VERSION, checkDeckFile } from './schema';
import type { Deck } from './types';

/** Deck files are small (a scene is ~1 kB); anything far larger is not one. */
export const MAX_DECK_FILE_BYTES = 2_000_000;

export type DeckImport =
  | { ok: true; deck: Deck }
  | { ok: false; reason: 'too-large' | 'not-json' | 'foreign' | 'newer' | 'invalid'; message: { zh: string; en: string }; details: string[] };

export function deckFileName(deck: Deck): string {
  const base = (deck.title.zh || deck.title.en || deck.id).replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 60);
  return `${base || 'deck'}.deck.json`;
}

/** The file's text for a deck. */
export function exportDeck(deck: Deck): string {
  return JSON.stringify({ format: DECK_FORMAT, version: DECK_VERSION, deck }, null, 2) + '\n';
}

const fail = (reason: Exclude<DeckImport, { ok: true }>['reason'], zh: string, en: string, details: string[] = []): DeckImport => ({
  ok: false,
  reason,
  message: { zh, en },
  details,
});

/**
 * Read a deck file's text (the caller decides the new deck's id; nothing is stored here). The cap
 * is in bytes, as the file is on disk (`bytes`, e.g. File.size; else the text's UTF-8 length):
 * a Chinese character is 3 bytes but one character of text.
 */
export function importDeck(fileName: string, text: string, bytes = new TextEncoder().encode(text).length): DeckImport {
  if (bytes > MAX_DECK_FILE_BYTES) {
    return fail('too-large', `“${fileName}” 太大，不是演示文件，未导入。`, `“${fileName}” is too large to be a deck file; nothing was imported.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return fail('not-json', `“${fileName}” 不是有效的 JSON 文件，未导入。`, `“${fileName}” is not valid JSON; nothing was imported.`, [String((e as Error).message ?? e)]);
  }
  const env = json as { format?: unknown; version?: unknown } | null;
  if (!env || typeof env !== 'object' || Array.isArray(env) || env.format !== DECK_FORMAT) {
    return fail('foreign', `“${fileName}” 不是本地图的演示文件，未导入。`, `“${fileName}” is not a deck file of this map; nothing was imported.`);
  }
  if (typeof env.version === 'number' && env.version > DECK_VERSION) {
    return fail(
      'newer',
      `“${fileName}” 由更新版本的地图保存（格式版本 ${env.version}，本版本支持 ${DECK_VERSION}），未导入。请更新地图后再导入。`,
      `“${fileName}” was saved by a newer version of the map (format ${env.version}; this one reads ${DECK_VERSION}); nothing was imported. Update the map and try again.`,
    );
  }
  const r = checkDeckFile(fileName, json);
  if (!r.ok) {
    return fail('invalid', `“${fileName}” 有 ${r.errors.length} 处错误，未导入：`, `“${fileName}” has ${r.errors.length} error(s); nothing was imported:`, r.errors.slice(0, 8));
  }
  return { ok: true, deck: r.deck };
}
