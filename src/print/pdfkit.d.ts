// The slice of PDFKit's API the sheet uses (the package ships no types; @types/pdfkit is 7 MB).
declare module 'pdfkit' {
  interface PDFDocumentOptions {
    size?: [number, number];
    margin?: number;
    /** the font set at start (default Helvetica, which the browser build does not bundle); null: none */
    font?: string | null;
    autoFirstPage?: boolean;
    compress?: boolean;
    info?: Record<string, string | Date>;
  }
  class PDFDocument {
    constructor(options?: PDFDocumentOptions);
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (e: unknown) => void): this;
    end(): void;
    registerFont(name: string, src: Uint8Array | ArrayBuffer): this;
    font(name: string): this;
    fontSize(size: number): this;
    widthOfString(text: string): number;
    text(text: string, x: number, y: number, options?: { baseline?: string; lineBreak?: boolean }): this;
    image(src: Uint8Array | ArrayBuffer, x: number, y: number, options?: { width?: number; height?: number }): this;
    save(): this;
    restore(): this;
    translate(x: number, y: number): this;
    scale(factor: number): this;
    fillColor(color: string, opacity?: number): this;
    strokeColor(color: string, opacity?: number): this;
    lineWidth(w: number): this;
    dash(lengths: number[]): this;
    path(d: string): this;
    fill(color: string, rule?: 'even-odd' | 'non-zero'): this;
    fillAndStroke(fill: string, stroke: string, rule?: 'even-odd' | 'non-zero'): this;
    stroke(): this;
  }
  export default PDFDocument;
}
