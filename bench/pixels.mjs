// The pixel check of `npm run bench -- --only pixels`: the map at three views, drawn by the
// built app, compared with reference pictures taken of the app before the planning layers' polygons
// and lines moved from deck.gl to MapLibre (bench/reference/*.png, written by --save-reference).
// Prints, per view, the share of pixels that differ visibly (any channel by more than 48 of 255)
// and slightly (by more than 8), and writes the new pictures and a difference image beside them.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Three views: the default region view; a zoomed view with dashed outlines and a cross-hatch; lines, arrowheads, markers and a 60°/120° hatch. */
export const VIEWS = [
  { name: 'region-default', hash: '#v=2' },
  { name: 'taiyuan-dashed', hash: '#v=2&m=111.9,37.3,113.1,38.2&l=counties,plan-core,plan-core-extension,plan-clusters,plan-cluster-radiating,eco-subsidence' },
  { name: 'lines-markers', hash: '#v=2&l=cities,rivers,plan-axes,plan-railways,plan-roads,industry-poles,plan-airports,eco-barriers' },
];

/** The map's canvas once everything is drawn and the GPU has caught up (a PNG buffer). */
export async function mapPicture(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  await page.waitForFunction(() => window.planningMap.map.loaded() && !window.planningMap.map.isMoving(), undefined, { timeout: 0, polling: 100 });
  // one more frame, finished by the GPU (a one-pixel read-back waits for it); labels placed, no fade left
  await page.evaluate(
    () =>
      new Promise((r) => {
        const m = window.planningMap.map;
        m.once('idle', () => {
          const gl = m.getCanvas().getContext('webgl2');
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          r();
        });
        m.triggerRepaint();
      }),
  );
  const png = await page.locator('#map canvas').screenshot();
  await page.close();
  return png;
}

/** Pixel shares that differ between two PNGs (decoded in the browser), and a difference image (red: visible, orange: slight). */
export async function compare(ctx, a, b) {
  const page = await ctx.newPage();
  const r = await page.evaluate(
    async ([a64, b64]) => {
      const load = async (b) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const x = c.getContext('2d');
        x.drawImage(img, 0, 0);
        return x.getImageData(0, 0, c.width, c.height);
      };
      const [A, B] = [await load(a64), await load(b64)];
      if (A.width !== B.width || A.height !== B.height) return { error: `sizes differ: ${A.width}×${A.height} vs ${B.width}×${B.height}` };
      const out = new ImageData(A.width, A.height);
      let visible = 0;
      let slight = 0;
      for (let i = 0; i < A.data.length; i += 4) {
        const d = Math.max(Math.abs(A.data[i] - B.data[i]), Math.abs(A.data[i + 1] - B.data[i + 1]), Math.abs(A.data[i + 2] - B.data[i + 2]));
        const g = (A.data[i] + A.data[i + 1] + A.data[i + 2]) / 3;
        const px = d > 48 ? [220, 0, 0] : d > 8 ? [255, 160, 0] : [g, g, g].map((v) => 255 - (255 - v) * 0.25);
        if (d > 48) visible++;
        else if (d > 8) slight++;
        out.data.set([...px, 255], i);
      }
      const c = document.createElement('canvas');
      c.width = A.width;
      c.height = A.height;
      c.getContext('2d').putImageData(out, 0, 0);
      const n = A.data.length / 4;
      return { visible: visible / n, slight: slight / n, diff: c.toDataURL('image/png').split(',')[1] };
    },
    [a.toString('base64'), b.toString('base64')],
  );
  await page.close();
  return r;
}

/** Save the references, or compare with them; returns printable lines. */
export async function pixelCheck(ctx, baseUrl, { save = false, dir = 'bench/reference', out = '.bench/pixels' } = {}) {
  mkdirSync(out, { recursive: true });
  const lines = [];
  for (const v of VIEWS) {
    const png = await mapPicture(ctx, `${baseUrl}${v.hash}`);
    const ref = join(dir, `${v.name}.png`);
    if (save) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(ref, png);
      lines.push(`  ${v.name.padEnd(16)} reference saved: ${ref}`);
      continue;
    }
    writeFileSync(join(out, `${v.name}.png`), png);
    if (!existsSync(ref)) {
      lines.push(`  ${v.name.padEnd(16)} no reference (${ref})`);
      continue;
    }
    const r = await compare(ctx, readFileSync(ref), png);
    if (r.error) {
      lines.push(`  ${v.name.padEnd(16)} ${r.error}`);
      continue;
    }
    writeFileSync(join(out, `${v.name}-diff.png`), Buffer.from(r.diff, 'base64'));
    lines.push(`  ${v.name.padEnd(16)} differs visibly ${(r.visible * 100).toFixed(2).padStart(5)} % of pixels, slightly ${(r.slight * 100).toFixed(2).padStart(5)} %   (${join(out, v.name + '-diff.png')})`);
  }
  return lines;
}
