/**
 * The accuracy classes every feature carries (shown by the UI, a plain list without zod):
 * surveyed (from a geodata package), derived (computed from surveyed data), approximate (a typed
 * coordinate of a known place), schematic (a diagram shape), supplied (as the data's supplier gave
 * it, accuracy not stated — a user's import, until they say otherwise).
 */
export const ACCURACY = ['surveyed', 'derived', 'approximate', 'schematic', 'supplied'] as const;
export type AccuracyClass = (typeof ACCURACY)[number];
