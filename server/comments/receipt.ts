/**
 * Receipt codes: 12 characters of Crockford base32 (60 random bits) shown as XXXX-XXXX-XXXX.
 * Whoever holds one can read the office's answer and ask for deletion, so it must not be
 * guessable; lookups are rate-limited too. Typed back in, case, spaces, dashes and the
 * look-alikes O/I/L are forgiven.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReceipt(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[bytes[i] & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The canonical form of a typed receipt, or null when it cannot be one. */
export function normaliseReceipt(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
