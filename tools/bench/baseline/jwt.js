// HS256 session JWTs, as the seed issued them (jsonwebtoken 9, 15 min),
// with node:crypto only: sign and verify with one shared secret.
'use strict';
const crypto = require('node:crypto');

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Signs {sub, name, role, iat, exp} with HS256. */
function sign(claims, secret, ttlSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds }));
  const mac = crypto.createHmac('sha256', secret)
    .update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${b64url(mac)}`;
}

/** The claims of a valid HS256 token, or null (bad shape, MAC, alg, exp). */
function verify(token, secret) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch {
    return null;
  }
  // The server's algorithm, never the token's choice.
  if (!header || header.alg !== 'HS256') return null;
  const want = crypto.createHmac('sha256', secret)
    .update(`${parts[0]}.${parts[1]}`).digest();
  const got = Buffer.from(parts[2], 'base64url');
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) {
    return null;
  }
  if (typeof claims.sub !== 'string') return null;
  return claims;
}

module.exports = { sign, verify };
