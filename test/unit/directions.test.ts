import { describe, it, expect } from 'vitest';
import gcoord from 'gcoord';
import { directionLinks } from '../../src/public/directions';

describe('directions in Chinese map apps', () => {
  const [lon, lat] = [113.594, 39.012]; // 五台山, WGS84
  const links = Object.fromEntries(directionLinks('五台山', lon, lat).map((l) => [l.app, new URL(l.href)]));

  it('高德 gets GCJ-02 (about 550 m east of WGS84 here), with the name', () => {
    const [gl, ga] = links.amap.searchParams.get('to')!.split(',');
    expect(Number(gl) - lon).toBeGreaterThan(0.004);
    const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(Number(gl)).toBeCloseTo(x, 5);
    expect(Number(ga)).toBeCloseTo(y, 5);
    expect(links.amap.searchParams.get('to')).toMatch(/,五台山$/);
    expect(links.amap.searchParams.get('coordinate')).toBe('gaode');
  });

  it('百度 gets BD-09 (lat,lng) and says so', () => {
    const [ba, bl] = links.baidu.searchParams.get('location')!.split(',').map(Number);
    const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.BD09) as number[];
    expect(bl).toBeCloseTo(x, 5);
    expect(ba).toBeCloseTo(y, 5);
    expect(links.baidu.searchParams.get('coord_type')).toBe('bd09ll');
    // BD-09 is a further offset from GCJ-02
    expect(Math.abs(bl - Number(links.amap.searchParams.get('to')!.split(',')[0]))).toBeGreaterThan(0.005);
  });

  it('腾讯 gets GCJ-02 (lat,lng) and a referer', () => {
    const [ta, tl] = links.tencent.searchParams.get('tocoord')!.split(',').map(Number);
    const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(tl).toBeCloseTo(x, 5);
    expect(ta).toBeCloseTo(y, 5);
    expect(links.tencent.searchParams.get('referer')).toBeTruthy();
    for (const u of Object.values(links)) expect(u.protocol).toBe('https:');
  });
});
