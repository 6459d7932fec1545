// fontkit 2 ships no types; @cantoo/pdf-lib only calls create() on it (and the font it returns).
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
