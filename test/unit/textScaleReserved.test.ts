import { describe, it, expect } from 'vitest';
import { scaleTextSize, readTextScale, writeTextScale } from '../../src/engine/textScale';
import { reservedPadding } from '../../src/state/reserved';

describe('map text size preference', () => {
  it('scales numbers and the outputs of zoom interpolations, keeping the zoom expression on top', () => {
    expect(scaleTextSize(12, 1.5)).toBe(18);
    expect(scaleTextSize(['interpolate', ['linear'], ['zoom'], 6, 11, 10, 14], 2)).toEqual(['interpolate', ['linear'], ['zoom'], 6, 22, 10, 28]);
    expect(scaleTextSize(['step', ['zoom'], 10, 8, 12], 2)).toEqual(['step', ['zoom'], 20, 8, 24]);
    expect((scaleTextSize(['interpolate', ['linear'], ['zoom'], 6, ['match', ['get', 'name'], '黄河', 12, 10], 10, 14], 2) as unknown[])[4]).toEqual(['*', 2, ['match', ['get', 'name'], '黄河', 12, 10]]);
    expect(scaleTextSize(13, 1)).toBe(13);
  });

  it('is stored locally; odd or missing values give the standard size', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    expect(readTextScale(storage)).toBe(1);
    writeTextScale(1.2, storage);
    expect(readTextScale(storage)).toBe(1.2);
    mem.set('map-text-scale', '37');
    expect(readTextScale(storage)).toBe(1);
    expect(readTextScale({ getItem: () => { throw new Error('denied'); } })).toBe(1);
  });
});

describe('the part of the map panels cover', () => {
  const map = { left: 320, top: 0, right: 1440, bottom: 900 };
  it('counts each panel against the edge it hugs', () => {
    // inspect panel at the right, legend at the top-left, a bottom sheet
    expect(reservedPadding(map, [{ left: 1046, top: 10, right: 1386, bottom: 600 }])).toEqual({ top: 0, right: 394, bottom: 0, left: 0 });
    expect(reservedPadding(map, [{ left: 330, top: 60, right: 620, bottom: 400 }]).left).toBe(300);
    expect(reservedPadding({ left: 0, top: 0, right: 390, bottom: 844 }, [{ left: 0, top: 500, right: 390, bottom: 844 }])).toEqual({ top: 0, right: 0, bottom: 344, left: 0 });
  });
  it('ignores panels beside the map and never reserves more than 80 % of it', () => {
    expect(reservedPadding(map, [{ left: 0, top: 0, right: 320, bottom: 900 }])).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
    const p = reservedPadding(map, [{ left: 400, top: 0, right: 1440, bottom: 900 }, { left: 320, top: 0, right: 1300, bottom: 900 }]);
    expect(p.left + p.right).toBeLessThanOrEqual((map.right - map.left) * 0.8 + 1e-6);
  });
});
