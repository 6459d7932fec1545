import { describe, it, expect } from 'vitest';
import { distance, pathLength, polygonArea, geometryArea, geometryLength } from '../../src/measure/geodesic';
import { formatLength, formatArea, areaParts, M2_PER_MU } from '../../src/measure/units';

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('geodesic measurement (WGS84)', () => {
  it('Flinders Peak → Buninyong matches the published geodesic distance within 0.5 %', () => {
    // Reference: the worked example of Vincenty's inverse formula published by Geoscience
    // Australia (GDA Technical Manual): Flinders Peak 37°57′03.72030″S 144°25′29.52440″E to
    // Buninyong 37°39′10.15610″S 143°55′35.38390″E, ellipsoidal distance 54 972.271 m.
    const flinders = [dms(144, 25, 29.5244), dms(-37, 57, 3.7203)];
    const buninyong = [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)];
    const ref = 54_972.271;
    const d = distance(flinders, buninyong);
    expect(Math.abs(d - ref) / ref).toBeLessThan(0.005);
    expect(Math.abs(d - ref)).toBeLessThan(0.01); // in fact to the millimetre
  });

  it('a path is the sum of its legs; a closed square at the equator has the ellipsoidal area', () => {
    const a = [112.32583, 37.61748];
    const b = [112.17806, 37.2025];
    const c = [112.55639, 37.73639];
    expect(pathLength([a, b, c])).toBeCloseTo(distance(a, b) + distance(b, c), 6);
    // 0.01° × 0.01° at the equator: a·Δλ by the meridian arc M0·Δφ (M0 = a(1−e²)),
    // a = 6 378 137 m, 1/f = 298.257223563 → 1113.195 m × 1105.743 m ≈ 1 230 907 m²
    const A = 6378137;
    const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
    const rad = (0.01 * Math.PI) / 180;
    const expected = A * rad * (A * (1 - e2) * rad);
    const sq = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]];
    expect(Math.abs(polygonArea([sq]) - expected) / expected).toBeLessThan(0.001);
    // orientation does not matter; a hole is subtracted
    expect(polygonArea([[...sq].reverse()])).toBeCloseTo(polygonArea([sq]), 3);
    const hole = [[0.004, 0.004], [0.006, 0.004], [0.006, 0.006], [0.004, 0.006], [0.004, 0.004]];
    expect(polygonArea([sq, hole])).toBeLessThan(polygonArea([sq]));
    expect(geometryArea({ type: 'MultiPolygon', coordinates: [[sq], [sq]] })).toBeCloseTo(2 * polygonArea([sq]), 3);
    expect(geometryLength({ type: 'Polygon', coordinates: [sq] })).toBeCloseTo(pathLength(sq), 6);
    expect(geometryArea({ type: 'LineString', coordinates: sq })).toBe(0);
  });
});

describe('units a planner reads', () => {
  it('lengths in m below 1 km, km above', () => {
    expect(formatLength(850.4)).toBe('850 m');
    expect(formatLength(5.26)).toBe('5.3 m');
    expect(formatLength(12_345)).toBe('12.35 km');
    expect(formatLength(1_234_567, 'en')).toBe('1,234.6 km');
    expect(formatLength(NaN)).toBe('—');
  });

  it('areas in m²/km², 公顷 and 亩 (1 亩 = 10000/15 m²)', () => {
    expect(M2_PER_MU).toBeCloseTo(666.667, 3);
    expect(areaParts(6_666.67)).toEqual({ metric: '6,667 m²', hectares: '0.67 公顷', mu: '10.0 亩' });
    expect(formatArea(12_340_000)).toBe('12.3 km² · 1,234 公顷 · 18,510 亩');
    expect(formatArea(12_340_000, 'en')).toBe('12.3 km² · 1,234 ha · 18,510 mu');
  });
});
