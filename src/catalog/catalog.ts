/** The layer catalog, validated at build time by scripts/vite-plugin-catalog.ts. */
import raw from 'virtual:catalog';
import type { Catalog } from './types';

export const catalog = raw as Catalog;
