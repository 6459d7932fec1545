/**
 * Every message the import pipeline shows is written here, in Chinese and English. A problem
 * names the file, the place in it (line / feature), what is wrong and what to do; raw exceptions
 * never reach the user (`unexpected` wraps them in a sentence of ours).
 */
export interface Msg {
  zh: string;
  en: string;
}
export const msg = (zh: string, en: string): Msg => ({ zh, en });
/** "中文 / English" — the inventory report's bilingual form (split again by pickLang). */
export const bi = (m: Msg): string => `${m.zh} / ${m.en}`;

/** Where in a file: a line of a text table, a feature of a GeoJSON/KML/Shapefile. */
export type Where = { unit: 'line' | 'row' | 'feature' | 'placemark'; n: number; layer?: string } | undefined;

export function whereText(w: Where): Msg {
  if (!w) return msg('', '');
  const layer = w.layer ? msg(`图层 ${w.layer} `, `layer ${w.layer}, `) : msg('', '');
  switch (w.unit) {
    case 'line':
      return msg(`${layer.zh}第 ${w.n} 行`, `${layer.en}line ${w.n}`);
    case 'row':
      return msg(`${layer.zh}第 ${w.n} 行`, `${layer.en}row ${w.n}`);
    case 'feature':
      return msg(`${layer.zh}第 ${w.n} 个要素`, `${layer.en}feature ${w.n}`);
    case 'placemark':
      return msg(`${layer.zh}第 ${w.n} 个地标`, `${layer.en}placemark ${w.n}`);
  }
}

/** A failure the user can act on: thrown inside the pipeline, shown as it is. */
export class ImportProblem extends Error {
  constructor(
    readonly what: Msg,
    readonly fix: Msg,
    readonly where?: Where,
  ) {
    super(what.en);
    this.name = 'ImportProblem';
  }
  /** file: where — what; what to do */
  text(file: string): Msg {
    const w = whereText(this.where);
    return msg(
      `${file}${w.zh ? `，${w.zh}` : ''}：${this.what.zh}。${this.fix.zh}`,
      `${file}${w.en ? `, ${w.en}` : ''}: ${this.what.en}. ${this.fix.en}`,
    );
  }
}

/** Any error → an ImportProblem (a raw exception's text is never shown on its own). */
export function asProblem(e: unknown, context: Msg = msg('读取文件时出错', 'the file could not be read')): ImportProblem {
  if (e instanceof ImportProblem) return e;
  if (e instanceof RangeError && /call stack|too much recursion/i.test(e.message)) {
    return new ImportProblem(
      msg('数据嵌套过深，无法读取', 'the data is nested too deeply to read'),
      msg('请检查坐标数组的层级（GeoJSON 多边形最多 4 层），或在 GIS 软件中重新导出', 'check the coordinate arrays (a GeoJSON multipolygon has at most 4 levels), or export the file again from GIS software'),
    );
  }
  if (e instanceof RangeError && /memory|allocation|array length|string length/i.test(e.message)) {
    return new ImportProblem(
      msg('文件太大，浏览器内存不足', 'the file is too large for the browser’s memory'),
      msg('请拆分为几个较小的文件分别导入', 'split it into smaller files and import them one by one'),
    );
  }
  return new ImportProblem(context, msg('请确认文件完整且格式正确，或在 GIS 软件中重新导出为 GeoJSON 或 Shapefile', 'check that the file is complete and in the stated format, or export it again from GIS software as GeoJSON or Shapefile'));
}

export const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
