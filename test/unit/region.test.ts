import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { bbox } from '@turf/turf';
import { REGION_BOUNDS } from '../../src/engine/region';

describe('region bounds', () => {
  it('the reset-view extent matches the region data within 0.02°', () => {
    const [w, s, e, n] = bbox(JSON.parse(readFileSync('public/data/base/region.geojson', 'utf8')));
    const [[W, S], [E, N]] = REGION_BOUNDS;
    for (const [a, b] of [[w, W], [s, S], [e, E], [n, N]]) expect(Math.abs(a - b)).toBeLessThan(0.02);
  });
});
