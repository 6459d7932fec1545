/**
 * Editing a user's deck, as pure functions (deck in, new deck out; the input is never changed):
 * add a captured scene, reorder, rename, edit a caption, recapture, delete with undo, duplicate
 * a deck (e.g. the built-in tour) to edit it. The deck panel calls these and saves the result.
 */
import type { Deck, Scene, SceneState, SceneText } from './types';

/** A fresh id: time + randomness, letters and digits only (valid in a URL's deck=/scene ids). */
export function newId(prefix: string, now = Date.now(), random = Math.random): string {
  return `${prefix}-${now.toString(36)}${Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

const touch = (deck: Deck, scenes: Scene[], now: string): Deck => ({ ...deck, scenes, updated: now });

export function createDeck(title: SceneText, id: string, now: string): Deck {
  return { id, title: { ...title }, scenes: [], created: now, updated: now };
}

/** Insert a scene (at the end unless `at` is given). */
export function addScene(deck: Deck, scene: Scene, now: string, at = deck.scenes.length): Deck {
  const scenes = [...deck.scenes];
  scenes.splice(Math.max(0, Math.min(scenes.length, at)), 0, scene);
  return touch(deck, scenes, now);
}

/** Move the scene at `from` to position `to` (clamped); the same deck when nothing moves. */
export function moveScene(deck: Deck, from: number, to: number, now: string): Deck {
  const t = Math.max(0, Math.min(deck.scenes.length - 1, to));
  if (from < 0 || from >= deck.scenes.length || from === t) return deck;
  const scenes = [...deck.scenes];
  const [s] = scenes.splice(from, 1);
  scenes.splice(t, 0, s);
  return touch(deck, scenes, now);
}

/** Change a scene's title and/or caption in one language (the other language's text is kept). */
export function editSceneText(deck: Deck, sceneId: string, lang: 'zh' | 'en', patch: { title?: string; caption?: string }, now: string): Deck {
  let changed = false;
  const scenes = deck.scenes.map((s) => {
    if (s.id !== sceneId) return s;
    const next = { ...s };
    if (patch.title !== undefined && patch.title !== s.title[lang]) {
      next.title = { ...s.title, [lang]: patch.title };
      changed = true;
    }
    if (patch.caption !== undefined && patch.caption !== (s.caption?.[lang] ?? '')) {
      const caption = { zh: s.caption?.zh ?? '', en: s.caption?.en ?? '', [lang]: patch.caption };
      next.caption = caption.zh.trim() || caption.en.trim() ? caption : undefined;
      // the plan's words no longer stand alone once edited: keep the citation, the caption is the user's
      changed = true;
    }
    return next;
  });
  return changed ? touch(deck, scenes, now) : deck;
}

/** Replace a scene's map state with a new capture (title, caption and citation stay). */
export function recaptureScene(deck: Deck, sceneId: string, state: SceneState, now: string): Deck {
  if (!deck.scenes.some((s) => s.id === sceneId)) return deck;
  return touch(
    deck,
    deck.scenes.map((s) => (s.id === sceneId ? { ...s, state, legend: s.legend?.filter((l) => state.layers.includes(l)) } : s)),
    now,
  );
}

export interface RemovedScene {
  scene: Scene;
  index: number;
}

/** Delete a scene; the returned record undoes it (restoreScene). */
export function removeScene(deck: Deck, sceneId: string, now: string): { deck: Deck; removed: RemovedScene | null } {
  const index = deck.scenes.findIndex((s) => s.id === sceneId);
  if (index < 0) return { deck, removed: null };
  return { deck: touch(deck, deck.scenes.filter((s) => s.id !== sceneId), now), removed: { scene: deck.scenes[index], index } };
}

/** Undo a deletion: the scene returns where it was (or at the end, if the deck got shorter). */
export function restoreScene(deck: Deck, removed: RemovedScene, now: string): Deck {
  if (deck.scenes.some((s) => s.id === removed.scene.id)) return deck;
  return addScene(deck, removed.scene, now, removed.index);
}

/** A copy of a deck to edit (e.g. the built-in tour): new id, every scene copied. */
export function duplicateDeck(deck: Deck, id: string, title: SceneText, now: string): Deck {
  return { id, title: { ...title }, scenes: structuredClone(deck.scenes), created: now, updated: now };
}

/** A scene id not used in the deck yet. */
export function freshSceneId(deck: Deck, make: () => string): string {
  const used = new Set(deck.scenes.map((s) => s.id));
  let id = make();
  while (used.has(id)) id = make();
  return id;
}
