// Every position a feature states in Chinese (how its point or line was placed, and the pages it was
// read from) has an English twin (`<key>_en`), which the inspect panel shows in English (issue 17:
// "every surface speaks English"). Names quoted from a page or an article (“…”) may stay in Chinese.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['public/data/plan', 'public/data/eco'];
const TEXT_KEYS = ['position_basis', 'via_basis', 'basis'];
const LIST_KEYS = ['position_sources', 'position_checks'];
const CJK = /[\u4e00-\u9fff]/;

const features = DIRS.flatMap((d) =>
  fs
    .readdirSync(path.join(ROOT, d))
    .filter((f) => f.endsWith('.geojson'))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(ROOT, d, f), 'utf8')).features.map((x: any) => ({ file: f, p: x.properties as Record<string, any> }))),
);

/** English text with quoted names and URLs taken out */
const bare = (s: string) => s.replace(/“[^”]*”/g, '').replace(/https?:\/\/\S+/g, '');

describe('position bases in English', () => {
  it('covers a real number of features (the test reads the built data)', () => {
    expect(features.filter(({ p }) => TEXT_KEYS.some((k) => p[k])).length).toBeGreaterThanOrEqual(150);
  });

  it('every stated basis has an English twin without Chinese outside quoted names', () => {
    const bad: string[] = [];
    for (const { file, p } of features)
      for (const k of TEXT_KEYS) {
        if (p[k] === undefined || p[k] === null) continue;
        const en = p[`${k}_en`];
        if (typeof en !== 'string' || !en.trim()) bad.push(`${file} ${p.id}: no ${k}_en`);
        else if (CJK.test(bare(en))) bad.push(`${file} ${p.id}: ${k}_en has Chinese: ${en.slice(0, 80)}`);
        else if (CJK.test(p[k]) && en === p[k]) bad.push(`${file} ${p.id}: ${k}_en is the Chinese text`);
      }
    expect(bad).toEqual([]);
  });

  it('every list of source pages has an English twin naming the same pages', () => {
    const bad: string[] = [];
    for (const { file, p } of features)
      for (const k of LIST_KEYS) {
        if (!Array.isArray(p[k])) continue;
        const en = p[`${k}_en`];
        const urls = (xs: string[]) => xs.map((x) => /https?:\/\/\S+/.exec(x)?.[0]);
        if (!Array.isArray(en) || en.length !== p[k].length) bad.push(`${file} ${p.id}: ${k}_en missing or of another length`);
        else if (JSON.stringify(urls(en)) !== JSON.stringify(urls(p[k]))) bad.push(`${file} ${p.id}: ${k}_en names other pages`);
        else if (en.some((x: string) => /读取/.test(x))) bad.push(`${file} ${p.id}: ${k}_en says 读取`);
        // the kind of page （中文维基百科镜像） is our word, said in English (scripts/data/lib/sourceLine.mjs)
        else if (en.some((x: string) => /（[^（）]*）/.test(x))) bad.push(`${file} ${p.id}: ${k}_en keeps a Chinese （kind of page）`);
      }
    expect(bad).toEqual([]);
  });
});
