/**
 * The plan's time stops and the phase of each feature (pure; used by the engine's filters, the
 * legend, the report, the sheet and the data tests alike).
 *
 * A plan feature carries `phase` (现状 | 近期 | 远期 | 未注明期限) and `phase_due`, the stop it is
 * due at (scripts/data/build-phases.mjs). At stop `t` a feature shows when it is due by then;
 * features without a phase are the ground (counties, cities, rivers) and show at every stop.
 * 未注明期限 (the text gives no date) is due at the end of the plan period, 2035.
 */
export const STOPS = [2020, 2025, 2035] as const;
export type Stop = (typeof STOPS)[number];
/** the default stop: the whole plan (every feature) */
export const DEFAULT_STOP: Stop = 2035;

export const PHASES = ['现状', '近期', '远期', '未注明期限'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_DUE: Record<Phase, Stop> = { 现状: 2020, 近期: 2025, 远期: 2035, 未注明期限: 2035 };

export const isStop = (v: unknown): v is Stop => STOPS.includes(v as Stop);

/** How features due after the stop are drawn: hidden, or as "planned" (hollow, dashed). */
export type LaterStyle = 'hide' | 'planned';

/** The stop a feature is due at (0: the ground, shown at every stop). */
export function dueOf(props: Record<string, unknown> | null | undefined): number {
  const d = props?.phase_due;
  if (typeof d === 'number') return d;
  const p = props?.phase;
  return typeof p === 'string' && p in PHASE_DUE ? PHASE_DUE[p as Phase] : 0;
}

/** Is a feature (its properties) due at stop `t`? */
export const dueBy = (props: Record<string, unknown> | null | undefined, t: number): boolean => dueOf(props) <= t;

const STOP_LABEL: Record<Stop, { zh: string; en: string; short: { zh: string; en: string } }> = {
  2020: { zh: '现状', en: 'Current (base year)', short: { zh: '现状', en: 'Now' } },
  2025: { zh: '2025年', en: '2025', short: { zh: '2025', en: '2025' } },
  2035: { zh: '2035年', en: '2035', short: { zh: '2035', en: '2035' } },
};

/** "现状" / "2025年" / "2035年" (English: "Current (base year)" / "2025" / "2035"). */
export const stopLabel = (t: Stop, lang: 'zh' | 'en') => STOP_LABEL[t][lang];
/** The control's short label: 现状 · 2025 · 2035. */
export const stopShort = (t: Stop, lang: 'zh' | 'en') => STOP_LABEL[t].short[lang];
/** The sheet's title-block line, e.g. "规划期：2025年". */
export const stopLine = (t: Stop, lang: 'zh' | 'en') => (lang === 'zh' ? `规划期：${stopLabel(t, 'zh')}` : `Plan period: ${stopLabel(t, 'en')}`);

const PHASE_LABEL: Record<Phase, { zh: string; en: string }> = {
  现状: { zh: '现状', en: 'Existing' },
  近期: { zh: '近期（2025年）', en: 'Near term (by 2025)' },
  远期: { zh: '远期（2035年）', en: 'Long term (by 2035)' },
  未注明期限: { zh: '未注明期限', en: 'No date given' },
};
export const phaseLabel = (p: Phase, lang: 'zh' | 'en') => PHASE_LABEL[p][lang];
export const isPhase = (v: unknown): v is Phase => PHASES.includes(v as Phase);

/** What the engine is asked to draw: the stop and how later features look. */
export interface StopView {
  t: Stop;
  later: LaterStyle;
}
export const ALL_STOPS_VIEW: StopView = { t: DEFAULT_STOP, later: 'hide' };
/** True when a stop hides or restyles nothing (the last stop). */
export const showsEverything = (s: StopView) => s.t >= DEFAULT_STOP;
/** A MapLibre filter expression: features due by stop `t` (the ground has no phase_due and always passes). */
export const dueFilterExpression = (t: number) => ['<=', ['coalesce', ['get', 'phase_due'], 0], t];
