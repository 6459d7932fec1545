/**
 * Who is asking, without keeping who: a client is its address hashed with a secret salt
 * (HMAC-SHA-256). The address itself is never stored. Fastify's `request.ip` already honours
 * X-Forwarded-For only from the proxies named in TRUST_PROXY (none by default), so a forged
 * header from anyone else changes nothing.
 */
import { createHmac } from 'node:crypto';

export function clientHasher(salt: string) {
  return (ip: string) => createHmac('sha256', salt).update(ip).digest('base64url').slice(0, 22);
}
