import { describe, expect, it } from 'vitest';
import { moreSide } from '../../src/ui/scrollEdges';

describe('moreSide: which ends of a scrolling row hide buttons', () => {
  it('nothing hidden when the row fits', () => {
    expect(moreSide(0, 390, 390)).toBe('none');
    expect(moreSide(0, 390, 390.6)).toBe('none');
  });
  it('more to the end at the start, to both sides in the middle, to the start at the end', () => {
    expect(moreSide(0, 370, 900)).toBe('end');
    expect(moreSide(200, 370, 900)).toBe('both');
    expect(moreSide(530, 370, 900)).toBe('start');
    expect(moreSide(529.5, 370, 900)).toBe('start');
  });
});
