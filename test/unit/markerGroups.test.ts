import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection } from 'geojson';
import { groupMarkers, groupedData, groupCount } from '../../src/engine/markerGroups';

const zones = JSON.parse(readFileSync('public/data/plan/zones.geojson', 'utf8')) as FeatureCollection;
const pt = (id: string, lon: number, lat: number): Feature => ({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [lon, lat] } });

describe('markers that would overlap are grouped (issue 22, item 7)', () => {
  it('at region scale the zones piled on 太原 become numbered markers; zoomed in they stand apart', () => {
    const region = groupMarkers(zones.features, 7, 16);
    // every zone is shown exactly once: alone or in a group
    expect(region.singles.length + region.groups.reduce((n, g) => n + g.members.length, 0)).toBe(zones.features.length);
    const taiyuan = region.groups.find((g) => g.members.some((f) => f.properties?.id === 'zone-taiyuan-aerospace-city'))!;
    expect(taiyuan.members.length).toBeGreaterThanOrEqual(4);
    expect(region.singles.length + region.groups.length).toBeLessThan(zones.features.length);
    // at street scale nothing overlaps: no groups
    expect(groupMarkers(zones.features, 13, 16).groups).toEqual([]);
  });

  it('a group knows its members and their bounds, for a click to zoom in; the selected marker is never grouped', () => {
    const fs = [pt('a', 112.5, 37.8), pt('b', 112.501, 37.8), pt('c', 112.502, 37.801), pt('far', 113.5, 38.5)];
    const { singles, groups } = groupMarkers(fs, 8, 16);
    expect(singles.map((f) => f.properties!.id)).toEqual(['far']);
    expect(groups[0].members.map((f) => f.properties!.id)).toEqual(['a', 'b', 'c']);
    expect(groups[0].bounds).toEqual([112.5, 37.8, 112.502, 37.801]);
    const kept = groupMarkers(fs, 8, 16, (f) => f.properties!.id === 'b');
    expect(kept.singles.map((f) => f.properties!.id).sort()).toEqual(['b', 'far']);
    const fc: FeatureCollection = { type: 'FeatureCollection', features: fs };
    const data = groupedData(fc, 8, 16);
    expect(data.features.map(groupCount).sort()).toEqual([0, 3]);
    // the same request gives the same object (deck.gl keeps its buffers); nothing to group: the data itself
    expect(groupedData(fc, 8, 16)).toBe(data);
    expect(groupedData(fc, 14, 16)).toBe(fc);
  });
});
