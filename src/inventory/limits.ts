/** The inventory importer's byte cap, without loading the importer (see importer.ts for why these numbers). */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 10_000;
