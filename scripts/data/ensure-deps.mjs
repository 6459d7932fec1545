#!/usr/bin/env node
// The data build has its own package (scripts/data/package.json, its own lock): the heavy
// sources (county polygons, division lists, GeoNames, mapshaper) are needed only to regenerate
// the committed files in public/data/, never to run or test the app. Installed on demand here.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const marker = path.join(DIR, 'node_modules/.package-lock.json');
const lock = path.join(DIR, 'package-lock.json');
if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);
console.log('[data] installing the data-build tools into scripts/data/node_modules (npm ci, once) …');
const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: DIR, stdio: 'inherit' });
process.exit(r.status ?? 1);
