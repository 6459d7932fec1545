/**
 * Office passwords, hashed with scrypt (memory-hard; Node's own crypto, no dependency):
 * N = 2^15, r = 8, p = 1 — 32 MiB and roughly 0.1 s per hash — with a 16-byte salt, stored as
 * `scrypt$15$8$1$<salt>$<hash>` so the cost can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (e, k) => (e ? reject(e) : resolve(k))));

const LOG_N = 15;
const R = 8;
const P = 1;
const maxmem = (logN: number, r: number) => 256 * 2 ** logN * r;

/** `logN` lower than the default only in tests (a hash records its own cost). */
export async function hashPassword(pw: string, logN = LOG_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pw.normalize('NFKC'), salt, 32, { N: 2 ** logN, r: R, p: P, maxmem: maxmem(logN, R) });
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const [alg, logN, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !hash || Number(logN) > 20 || Number(r) > 32 || Number(p) > 16) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(pw.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: 2 ** Number(logN),
    r: Number(r),
    p: Number(p),
    maxmem: maxmem(Number(logN), Number(r)),
  });
  return timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so the answer takes as long. */
export const DUMMY_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
