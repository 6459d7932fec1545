/**
 * Files that lie about their size (issue 23): each is generated (test/fixtures/lying.ts), refused
 * through the import pipeline with the right reason after bounded work (the .dbf before reading a
 * record, the zips once 200 MB have come out — time is measured by `npm run bench -- --store`,
 * never asserted here), and with bounded memory; KML
 * NetworkLinks and placemarks without a geometry are skipped with a note; a deck file is measured in
 * bytes, not characters.
 */
import { describe, it, expect } from 'vitest';
import { parseFiles } from '../../src/import/pipeline';
import { importDeck, MAX_DECK_FILE_BYTES } from '../../src/scenes/deckFile';
import { REGION_BOUNDS } from '../../src/engine/region';
import * as lying from '../fixtures/lying';
import type { Fixture } from '../fixtures/fixtures';

const area = REGION_BOUNDS as [[number, number], [number, number]];

/** Parse one fixture; how long it took and how much more memory the process holds right after. */
function timed(f: Fixture) {
  const before = process.memoryUsage();
  const t = performance.now();
  const result = parseFiles([{ name: f.name, bytes: f.bytes }], { area });
  const ms = performance.now() - t;
  const after = process.memoryUsage();
  return { result, ms, grewMB: (after.rss - before.rss) / 2 ** 20 };
}
const problems = (r: ReturnType<typeof parseFiles>) => (r.status === 'error' ? r.problems.map((p) => p.zh + ' | ' + p.en).join('\n') : `status ${r.status}`);

describe('files that lie about their size', () => {
  it('a .dbf claiming 4 000 000 000 records is refused at once, comparing the claim with the file size', () => {
    const { result, ms } = timed(lying.lyingDbf());
    expect(result.status).toBe('error');
    expect(problems(result)).toContain('lie.dbf 的文件头声称有 4,000,000,000 条记录');
    expect(problems(result)).toContain('damaged or cut short');
    expect(ms).toBeGreaterThan(0);
  });

  it('a 4 MB zip that inflates to 4 GiB is refused as too large — whether its header says so or claims 1 MiB — within seconds, memory near the cap', () => {
    for (const lie of [false, true]) {
      const f = lying.zipBomb(lie);
      expect(f.bytes.length).toBeLessThan(6 * 2 ** 20);
      const { result, ms, grewMB } = timed(f);
      expect(result.status).toBe('error');
      expect(problems(result)).toContain('解压后超过 200.0 MB（上限）');
      expect(problems(result)).toContain('too large');
      expect(problems(result)).not.toMatch(/损坏|damaged/);
      expect(ms).toBeGreaterThan(0);
      expect(grewMB).toBeLessThan(600); // the cap (200 MB) and a step, never the 4 GiB
    }
  });

  it('a KMZ bomb is refused the same way', () => {
    const { result } = timed(lying.kmzBomb());
    expect(problems(result)).toContain('KMZ 文件解压后超过 200.0 MB');
  });

  it('KML: a NetworkLink and a placemark without geometry are skipped with a note; the real placemark imports', () => {
    const r = parseFiles([{ name: '链接与空地标.kml', bytes: lying.kmlWithLinks().bytes }], { area });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.layers[0].features.map((f) => f.properties?.name)).toEqual(['晋祠']);
    const notes = r.layers[0].notes.map((n) => n.zh).join('\n');
    expect(notes).toContain('跳过 1 个网络链接（NetworkLink）');
    expect(notes).toContain('跳过 1 个没有几何图形的地标（只有名字）');
    const only = parseFiles([{ name: '只有链接.kml', bytes: lying.kmlOnlyLinks().bytes }], { area });
    expect(problems(only)).toContain('KML 中没有可导入的地标：跳过 1 个网络链接');
  });

  it('a 2 MB deck of Chinese text is "too large" (bytes, not characters), not "not valid JSON"', () => {
    const f = lying.bigChineseDeck();
    const text = new TextDecoder().decode(f.bytes);
    expect(text.length).toBeLessThan(MAX_DECK_FILE_BYTES);
    expect(f.bytes.length).toBeGreaterThan(MAX_DECK_FILE_BYTES);
    const r = importDeck(f.name, text);
    expect(r.ok ? 'ok' : r.reason).toBe('too-large');
    // the panel refuses by the file's size before reading it
    expect(importDeck(f.name, '', f.bytes.length)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});
