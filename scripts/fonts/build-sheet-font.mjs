// Builds the CJK font the map sheet embeds in its PDFs (and draws its PNG text with):
// a subset of WenQuanYi Micro Hei (Debian fonts-wqy-microhei; Apache-2.0 or GPL-3+ with the font
// exception, both allow embedding) covering ASCII, Latin-1, GB2312 (symbols + both levels of
// hanzi) and every character the catalog, the data and the UI's own text use.
//   apt-get install fonts-wqy-microhei python3-fonttools
//   node scripts/fonts/build-sheet-font.mjs
// writes public/fonts/sheet-cjk.ttf (committed; loaded by the browser only when a sheet is exported).
import { readFileSync, readdirSync, writeFileSync, statSync, mkdtempSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const SOURCE = process.env.WQY_MICROHEI ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const OUT = 'public/fonts/sheet-cjk.ttf';
if (!existsSync(SOURCE)) {
  console.error(`${SOURCE} not found: apt-get install fonts-wqy-microhei`);
  process.exit(1);
}

const chars = new Set();
const add = (s) => {
  for (const c of s) if (c.codePointAt(0) >= 0x20) chars.add(c);
};
// ASCII, Latin-1, general punctuation, arrows, CJK symbols, full-width forms
const range = (a, b) => {
  for (let c = a; c <= b; c++) chars.add(String.fromCodePoint(c));
};
range(0x20, 0x7e);
range(0xa0, 0xff);
range(0x2010, 0x2027);
range(0x2030, 0x203b);
range(0x2190, 0x2199);
range(0x3000, 0x3017);
range(0xff01, 0xff5e);
add('°′″×÷±·—–…※№℃');
// GB2312: symbol rows 1–9 and hanzi rows 16–87 (level 1 + level 2: 6763 characters)
const gb = new TextDecoder('gb18030');
for (const [r0, r1] of [[0xa1, 0xa9], [0xb0, 0xf7]]) {
  for (let r = r0; r <= r1; r++) {
    for (let c = 0xa1; c <= 0xfe; c++) {
      const s = gb.decode(new Uint8Array([r, c]));
      if (s !== '\ufffd' && !/[\ue000-\uf8ff]/.test(s)) add(s);
    }
  }
}
// every character of the catalog, the data and the UI's text
const walk = (dir, exts) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, exts);
    else if (exts.includes(extname(name))) add(readFileSync(p, 'utf8'));
  }
};
walk('layers', ['.json']);
walk('public/data', ['.geojson', '.json']);
walk('src', ['.ts', '.svelte']);

const dir = mkdtempSync(join(tmpdir(), 'sheet-font-'));
const textFile = join(dir, 'chars.txt');
writeFileSync(textFile, [...chars].sort().join(''));
const r = spawnSync(
  '/usr/bin/python3',
  ['-m', 'fontTools.subset', SOURCE, '--font-number=0', `--text-file=${textFile}`, `--output-file=${OUT}`, '--layout-features=*', '--name-IDs=*', '--notdef-outline'],
  { stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error('subsetting failed (python3-fonttools installed?)');
  process.exit(r.status ?? 1);
}
console.log(`${OUT}: ${chars.size} characters asked, ${(statSync(OUT).size / 1024).toFixed(0)} KiB`);
