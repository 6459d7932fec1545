/**
 * The proof of work (ALTCHA v2, altcha-lib): count up to the server's secret counter with
 * SHA-256 (Web Crypto) — a second or two on a phone, loaded only when a comment is sent.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

export async function solve(challenge: unknown): Promise<unknown> {
  const solution = await solveChallenge({ challenge: challenge as never, deriveKey, timeout: 120_000 });
  if (!solution) throw new Error('proof of work not solved in time');
  return solution;
}
