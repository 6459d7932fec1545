/**
 * The map's text size follows a user preference (a factor, e.g. 1.25). MapLibre only accepts a
 * zoom expression at the top of `text-size`, so the factor is applied to the numbers inside it
 * (every output of an interpolate/step, or the plain number) rather than wrapped around it.
 */
type SizeValue = number | unknown[] | undefined;

const mul = (v: unknown, k: number): unknown =>
  typeof v === 'number' ? Math.round(v * k * 100) / 100 : Array.isArray(v) ? ['*', k, v] : v;

export function scaleTextSize(value: SizeValue, k: number): SizeValue {
  if (k === 1 || value === undefined) return value;
  if (typeof value === 'number') return mul(value, k) as number;
  if (!Array.isArray(value)) return value;
  const [op] = value;
  if (op === 'interpolate' || op === 'interpolate-hcl' || op === 'interpolate-lab') {
    // ["interpolate", type, input, z0, out0, z1, out1, …]
    return value.map((v, i) => (i >= 4 && (i - 4) % 2 === 0 ? mul(v, k) : v));
  }
  if (op === 'step') {
    // ["step", input, out0, z1, out1, …]
    return value.map((v, i) => (i >= 2 && i % 2 === 0 ? mul(v, k) : v));
  }
  return ['*', k, value];
}

/** The text sizes users can choose (factor and names). */
export const TEXT_SCALES = [
  { value: 0.9, zh: '小', en: 'Small' },
  { value: 1, zh: '标准', en: 'Standard' },
  { value: 1.2, zh: '大', en: 'Large' },
  { value: 1.45, zh: '特大', en: 'Extra large' },
] as const;

const KEY = 'map-text-scale';

/** The stored preference, or 1 (a missing, unreadable or odd value gives the default). */
export function readTextScale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): number {
  try {
    const v = Number(storage?.getItem(KEY));
    return TEXT_SCALES.some((s) => s.value === v) ? v : 1;
  } catch {
    return 1;
  }
}

export function writeTextScale(k: number, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(KEY, String(k));
  } catch {
    /* private mode: the choice lasts for this page */
  }
}
