/**
 * Unzipping with a cap on what an archive may inflate to. A zip says how large its files are, but
 * nothing makes it tell the truth: 4 MB of zip can inflate to 4 GiB (a "zip bomb", or a damaged
 * archive). fflate's streaming `Unzip` inflates a little input at a time, the bytes that come out
 * are counted, and the archive is refused as too large as soon as they pass the cap — the memory
 * used stays near the cap, and the answer comes within seconds. Names are matched by `keep`.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { ImportProblem, fmtBytes, msg } from '../messages';

/** Input pushed per step: a deflate stream inflates at most ~1032× its size, so one step yields ≤ ~17 MB. */
const STEP = 16 * 1024;

export class ArchiveTooLarge extends Error {}

/**
 * The files of a zip whose names `keep` accepts, inflated; throws ImportProblem when the archive
 * would inflate past `maxTotal` bytes (counting only the kept files) or cannot be read.
 */
export function unzipCapped(bytes: Uint8Array, keep: (name: string) => boolean, maxTotal: number, what: { zh: string; en: string }): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  let tooLarge = false;
  let failed = false;
  const unzip = new Unzip((file) => {
    if (!keep(file.name)) return;
    // a size the archive declares over the cap is refused before anything is inflated
    if ((file.originalSize ?? 0) > maxTotal) {
      tooLarge = true;
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, data, final) => {
      if (tooLarge || failed) return;
      if (err) {
        failed = true;
        return;
      }
      size += data.length;
      total += data.length;
      if (total > maxTotal) {
        tooLarge = true;
        chunks.length = 0;
        file.terminate();
        return;
      }
      chunks.push(data);
      if (final) {
        const whole = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          whole.set(c, at);
          at += c.length;
        }
        out[file.name] = whole;
      }
    };
    try {
      file.start();
    } catch {
      failed = true; // a compression method we cannot read
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !tooLarge && !failed; i += STEP) unzip.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    failed = true;
  }
  if (tooLarge) {
    throw new ImportProblem(
      msg(`${what.zh}解压后超过 ${fmtBytes(maxTotal)}（上限），文件过大，或不是正常的压缩包`, `${what.en} unpacks to more than ${fmtBytes(maxTotal)} (the limit): it is too large, or not an ordinary archive`),
      msg('请把数据拆分为几个较小的文件分别导入', 'split the data into several smaller files and import them one by one'),
    );
  }
  if (failed) {
    throw new ImportProblem(msg(`${what.zh}已损坏，无法解压`, `${what.en} is damaged and cannot be unpacked`), msg('请重新打包后导入', 'pack the files again and import that'));
  }
  return out;
}
