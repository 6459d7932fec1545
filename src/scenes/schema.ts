/**
 * The schema of a presentation deck (zod): the built-in tour (scenes/plan-tour.json, checked at
 * build by scripts/vite-plugin-scenes.ts and in tests) and the decks users make, save and
 * exchange as JSON files. A scene's `state` is a partial map state (src/state/mapState.ts): the
 * same object the URL, the planner and the map sheet use, so a scene shows exactly what the
 * state says. Never on the first-paint path; in the browser only when a deck file is imported.
 *
 * Errors name the file, the scene and the field: `scenes/plan-tour.json › scene 3 "core" › state.view.bounds: …`.
 */
// zod configured jitless (no eval under the app's Content-Security-Policy)
import { z } from '../lib/zod.ts';

/** The deck file format; bumped when a field's meaning changes. Newer files are refused, not guessed at. */
export const DECK_FORMAT = 'planning-map-deck';
export const DECK_VERSION = 1;

const MAX_TEXT = 200;
const MAX_CAPTION = 600;
export const MAX_SCENES = 200;

const LayerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'layer ids are lower-case letters, digits and dashes');
const FeatureId = z.string().regex(/^[\w.-]{1,80}$/, 'feature ids are letters, digits, dot, dash or underscore');
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-85.06).max(85.06);

/** [west, south, east, north] in WGS84 degrees */
export const BoundsSchema = z
  .tuple([lon, lat, lon, lat])
  .refine(([w, s, e, n]) => w < e && s < n, 'bounds are [west, south, east, north] with west < east and south < north');

/** Text in both languages; user scenes may leave one empty (the other is shown). */
export const Text = (max: number) =>
  z
    .strictObject({ zh: z.string().max(max), en: z.string().max(max) })
    .refine((t) => t.zh.trim() !== '' || t.en.trim() !== '', 'give the text in Chinese or English');

export const Citation = z.strictObject({
  /** a source id of layers/sources.json (e.g. "plan-2022") */
  doc: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** chapter and section as the document numbers them (e.g. "第三章第一节") */
  section: z.string().min(1).max(MAX_TEXT),
});
export type Citation = z.infer<typeof Citation>;

const StringList = z.array(z.string().max(MAX_TEXT)).max(MAX_SCENES);
/** a plan period stop (src/time/stops.ts) */
const Stop = z.union([z.literal(2020), z.literal(2025), z.literal(2035)]);

/** What a scene shows: a partial map state. The view is bounds (never a zoom), so it looks the same on any screen. */
export const SceneState = z.strictObject({
  view: z.strictObject({ bounds: BoundsSchema, bearing: z.number().min(-180).max(180).default(0) }),
  layers: z.array(LayerId).max(MAX_SCENES),
  basemap: z.enum(['offline', 'blank', 'osm', 'tianditu', 'custom']).optional(),
  opacity: z.record(LayerId, z.number().min(0).max(1)).optional(),
  hidden: z.record(LayerId, z.array(FeatureId).max(MAX_SCENES)).optional(),
  inventory: z
    .strictObject({
      classes: StringList.default([]),
      categories: StringList.default([]),
      levels: StringList.default([]),
      cities: StringList.default([]),
      query: z.string().max(MAX_TEXT).default(''),
    })
    .optional(),
  selection: z.strictObject({ layer: LayerId, id: FeatureId }).nullable().optional(),
  /** the plan period (2020 = 现状; absent: 2035, the whole plan) and how features due later look */
  stop: Stop.optional(),
  later: z.enum(['hide', 'planned']).optional(),
  /** a comparison: side B's set and how the two sides are shown (src/state/compare.ts) */
  compare: z
    .strictObject({
      mode: z.enum(['swipe', 'split', 'flip']),
      pos: z.number().min(0).max(1).default(0.5),
      flipped: z.boolean().optional(),
      b: z.strictObject({
        layers: z.array(LayerId).max(MAX_SCENES),
        opacity: z.record(LayerId, z.number().min(0).max(1)).optional(),
        stop: Stop.default(2035),
        basemap: z.enum(['offline', 'blank', 'osm', 'tianditu']).optional(),
      }),
    })
    .optional(),
});
export type SceneState = z.output<typeof SceneState>;

export const Scene = z.strictObject({
  id: z.string().regex(/^[\w-]{1,64}$/, 'scene ids are letters, digits, dash or underscore'),
  title: Text(MAX_TEXT),
  /** one to three sentences; in the built-in tour the Chinese text is the plan's own words */
  caption: Text(MAX_CAPTION).optional(),
  /** where the caption comes from (document + section) */
  citation: Citation.optional(),
  state: SceneState,
  /** the layers the on-map legend lists (default: all the scene's layers) */
  legend: z.array(LayerId).max(MAX_SCENES).optional(),
});
export type Scene = z.output<typeof Scene>;

export const Deck = z
  .strictObject({
    id: z.string().regex(/^[\w-]{1,64}$/, 'deck ids are letters, digits, dash or underscore'),
    title: Text(MAX_TEXT),
    /** may be empty while a user builds it; a deck file has at least one scene */
    scenes: z.array(Scene).max(MAX_SCENES),
    /** ISO dates, kept for the deck list */
    created: z.string().max(40).optional(),
    updated: z.string().max(40).optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.scenes.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'id'], message: `duplicate scene id "${s.id}"` });
      seen.add(s.id);
      for (const l of s.legend ?? []) {
        if (!s.state.layers.includes(l)) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'legend'], message: `legend names "${l}", which the scene does not show` });
      }
    });
  });
export type Deck = z.output<typeof Deck>;

export const DeckFile = z
  .strictObject({
    format: z.literal(DECK_FORMAT),
    version: z.literal(DECK_VERSION),
    deck: Deck,
  })
  .refine((f) => f.deck.scenes.length > 0, { path: ['deck', 'scenes'], message: 'a deck file has at least one scene' });
export type DeckFile = z.output<typeof DeckFile>;

/** The built-in tour: every scene has both languages, a caption and its citation. */
export const BuiltInDeckFile = DeckFile.superRefine((f, ctx) => {
  f.deck.scenes.forEach((s, i) => {
    const at = (...p: (string | number)[]) => ['deck', 'scenes', i, ...p];
    if (!s.title.zh.trim() || !s.title.en.trim()) ctx.addIssue({ code: 'custom', path: at('title'), message: 'the built-in tour needs a Chinese and an English title' });
    if (!s.caption || !s.caption.zh.trim() || !s.caption.en.trim()) ctx.addIssue({ code: 'custom', path: at('caption'), message: 'the built-in tour needs a Chinese and an English caption' });
    if (!s.citation) ctx.addIssue({ code: 'custom', path: at('citation'), message: 'the built-in tour cites the document and section of every caption' });
  });
});

/** "deck.scenes.3.state.view" → `scene 4 "core" › state.view` */
function where(file: string, json: unknown, path: PropertyKey[]): string {
  const p = path.map(String);
  const at = p[0] === 'deck' && p[1] === 'scenes' && p.length > 2 ? 2 : -1;
  if (at < 0) return `${file} › ${p.length ? p.join('.') : '(root)'}`;
  const i = Number(p[at]);
  const id = (json as { deck?: { scenes?: { id?: unknown }[] } })?.deck?.scenes?.[i]?.id;
  const rest = p.slice(at + 1).join('.');
  return `${file} › scene ${i + 1}${typeof id === 'string' ? ` "${id.slice(0, 64)}"` : ''}${rest ? ` › ${rest}` : ''}`;
}

export type DeckCheck = { ok: true; deck: Deck } | { ok: false; errors: string[] };

/** Checks a parsed deck file; errors name the file, the scene and the field. */
export function checkDeckFile(file: string, json: unknown, opts: { builtIn?: boolean } = {}): DeckCheck {
  const r = (opts.builtIn ? BuiltInDeckFile : DeckFile).safeParse(json);
  if (r.success) return { ok: true, deck: r.data.deck };
  return { ok: false, errors: r.error.issues.map((i) => `${where(file, json, i.path)}: ${i.message}`) };
}
