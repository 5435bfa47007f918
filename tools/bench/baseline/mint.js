// Creates N agents in the baseline's database and prints one session JWT
// per line (HS256, JWT_SECRET): the --jwt-file of `agenthub-loadgen
// --setup none`. Rooms and memberships are made by room:join.
//
// Usage: DATABASE_URL=… JWT_SECRET=… node mint.js N [TTL_SECONDS] > jwts.txt
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const jwt = require('./jwt');

async function main() {
  const n = Number(process.argv[2]);
  const ttl = Number(process.argv[3] || 3600);
  const secret = process.env.JWT_SECRET || '';
  if (!Number.isInteger(n) || n < 1 || n > 100000 || secret.length < 32) {
    console.error('usage: DATABASE_URL=… JWT_SECRET=… node mint.js N [TTL]');
    process.exit(2);
  }
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8'));
  const run = crypto.randomBytes(4).toString('hex');
  const lines = [];
  const batch = 500; // rows per INSERT
  for (let start = 0; start < n; start += batch) {
    const ids = [];
    const names = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const id = crypto.randomUUID();
      const name = `bl-${run}-a${i}`;
      ids.push(id);
      names.push(name);
      lines.push(jwt.sign({ sub: id, name, role: 'agent' }, secret, ttl));
    }
    await db.query(
      'INSERT INTO agents (id, name, display_name) '
      + 'SELECT * FROM unnest($1::uuid[], $2::text[], $2::text[])',
      [ids, names]);
  }
  await db.end();
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  console.error('mint: fatal:', e.message);
  process.exit(1);
});
