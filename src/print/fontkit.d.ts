// fontkit 2 ships no types; the sheet only calls create() on it (missing-glyph check); PDFKit uses it internally.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
