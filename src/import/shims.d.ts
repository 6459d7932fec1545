declare module 'shpjs' {
  /** shpjs 6: geometries of a .shp (GeoJSON geometry objects); `prj` false = no reprojection */
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string | false): unknown[];
  /** shpjs 6: records of a .dbf, decoded with the given TextDecoder label */
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, cpg?: string): Record<string, unknown>[];
}
