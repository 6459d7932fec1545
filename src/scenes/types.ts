/** Runtime types of decks and scenes (the validated form; see ./schema for the rules). */
export type { Deck, Scene, SceneState, Citation } from './schema';

/** Text in both languages (either may be empty in a user's scene). */
export interface SceneText {
  zh: string;
  en: string;
}
