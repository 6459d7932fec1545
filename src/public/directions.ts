/**
 * "到这里 / Directions": links that open a place in the map apps people in China use, each with
 * the coordinate in the system it expects — 高德 (Amap) and 腾讯 (Tencent) GCJ‑02, 百度 (Baidu)
 * BD‑09 — converted from our WGS84 with npm gcoord. Their web URI APIs open the app when it is
 * installed and a web page otherwise.
 */
import gcoord from 'gcoord';

const SRC = 'shanxi-central-planning-map';
const f6 = (n: number) => n.toFixed(6);

export interface DirectionLink {
  app: 'amap' | 'baidu' | 'tencent';
  label: { zh: string; en: string };
  href: string;
}

export function directionLinks(name: string, lon: number, lat: number): DirectionLink[] {
  const [gLon, gLat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const [bLon, bLat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.BD09) as [number, number];
  const n = encodeURIComponent(name);
  return [
    {
      app: 'amap',
      label: { zh: '高德地图', en: 'Amap' },
      href: `https://uri.amap.com/navigation?to=${f6(gLon)},${f6(gLat)},${n}&mode=car&coordinate=gaode&callnative=1&src=${SRC}`,
    },
    {
      app: 'baidu',
      label: { zh: '百度地图', en: 'Baidu Maps' },
      href: `https://api.map.baidu.com/marker?location=${f6(bLat)},${f6(bLon)}&title=${n}&content=${n}&coord_type=bd09ll&output=html&src=${SRC}`,
    },
    {
      app: 'tencent',
      label: { zh: '腾讯地图', en: 'Tencent Maps' },
      href: `https://apis.map.qq.com/uri/v1/routeplan?type=drive&to=${n}&tocoord=${f6(gLat)},${f6(gLon)}&referer=${SRC}`,
    },
  ];
}
