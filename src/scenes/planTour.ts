/** The built-in tour of the plan (scenes/plan-tour.json), validated at build by scripts/vite-plugin-scenes.ts. */
import raw from 'virtual:plan-tour';
import type { Deck } from './types';

export const planTour = raw as Deck;
export const BUILT_IN_DECK_ID = planTour.id;
