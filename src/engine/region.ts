/** The five cities' extent (WGS84 [[west, south], [east, north]]); a test checks it against data/base/region.geojson. */
export const REGION_BOUNDS: [[number, number], [number, number]] = [
  [110.37, 36.65],
  [114.14, 39.67],
];
