// The seed's real-time stack as a benchmark baseline (issue #5, S6):
// socket.io 4.8.4 namespace /agents, JWT in the handshake's auth.token, and
// the seed's message:send flow with `pg`: membership check, then ONE
// TRANSACTION PER MESSAGE (message + audit event), then the broadcast and
// the ack. Same events and ack shapes as AgentHub's Socket.IO framing
// (docs/protocol.md), so the same agenthub-loadgen drives both.
//
// Environment: PORT (3000), HOST (127.0.0.1), DATABASE_URL (required),
// JWT_SECRET (required), PG_POOL_MAX (10, the pg default the seed used),
// RATE_LIMIT (events/s per socket, 30 as the seed; 0 = off).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Pool } = require('pg');
const { Server } = require('socket.io');
const jwt = require('./jwt');

const env = (name, dflt) => process.env[name] || dflt;
const PORT = Number(env('PORT', '3000'));
const HOST = env('HOST', '127.0.0.1');
const SECRET = env('JWT_SECRET', '');
const RATE = Number(env('RATE_LIMIT', '30'));
const BODY_MAX = 32 * 1024; // bytes, as AgentHub and the seed's zod schema
if (!process.env.DATABASE_URL || SECRET.length < 32) {
  console.error('baseline: DATABASE_URL and JWT_SECRET (>= 32 bytes) needed');
  process.exit(2);
}

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(env('PG_POOL_MAX', '10')),
});

const fail = (code, message) => ({ error: { code, message } });

/** The seed's per-socket limit (30 events/s): a token bucket. */
function rateLimiter() {
  let tokens = RATE;
  let last = Date.now();
  return () => {
    if (RATE <= 0) return true;
    const now = Date.now();
    tokens = Math.min(RATE, tokens + ((now - last) / 1000) * RATE);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** The seed's message:send: validate, check membership, one transaction
 *  (seq, message, audit event), COMMIT, broadcast, ack. */
async function sendMessage(nsp, who, data) {
  const roomId = data && (data.roomId || data.slug);
  const body = data && data.body;
  if (typeof roomId !== 'string' || typeof body !== 'string'
      || body.length === 0 || Buffer.byteLength(body) > BODY_MAX) {
    return fail('invalid_request', 'roomId and body (1-32768 bytes) needed');
  }
  const clientMsgId = typeof data.clientMsgId === 'string'
    ? data.clientMsgId : null;
  const member = await pool.query(
    'SELECT 1 FROM room_members WHERE room_id = $1 AND agent_id = $2',
    [roomId, who.sub]);
  if (member.rowCount === 0) {
    return fail('not_member', 'you are not a member of this room');
  }
  const id = crypto.randomUUID();
  const client = await pool.connect();
  let seq, createdAt;
  try {
    await client.query('BEGIN');
    const r = await client.query(
      'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = $1 '
      + 'RETURNING last_seq', [roomId]);
    seq = Number(r.rows[0].last_seq);
    const m = await client.query(
      'INSERT INTO messages (id, room_id, seq, sender_id, body, client_msg_id)'
      + ' VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at',
      [id, roomId, seq, who.sub, body, clientMsgId]);
    createdAt = m.rows[0].created_at.toISOString();
    await client.query(
      "INSERT INTO audit_events (type, agent_id, payload) "
      + "VALUES ('message-sent', $1, $2)",
      [who.sub, { messageId: id, roomId }]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  nsp.to(roomId).emit('message:new', {
    id, roomId, seq, senderId: who.sub, body, clientMsgId, createdAt,
  });
  return { id, roomId, seq, createdAt, duplicate: false };
}

/** room:join: the seed added membership over REST; here the join creates
 *  the room and the membership (setup, not measured), then subscribes. */
async function joinRoom(socket, who, data, presence) {
  const roomId = data && (data.roomId || data.slug);
  if (typeof roomId !== 'string' || roomId.length === 0) {
    return fail('invalid_request', 'roomId needed');
  }
  await pool.query(
    'INSERT INTO rooms (id, name, created_by) VALUES ($1, $1, $2) '
    + 'ON CONFLICT (id) DO NOTHING', [roomId, who.sub]);
  await pool.query(
    'INSERT INTO room_members (room_id, agent_id) VALUES ($1, $2) '
    + 'ON CONFLICT DO NOTHING', [roomId, who.sub]);
  const r = await pool.query('SELECT last_seq FROM rooms WHERE id = $1',
    [roomId]);
  socket.join(roomId);
  const lastSeen = new Date().toISOString();
  presence.set(`${socket.id}/${roomId}`, { agentId: who.sub, roomId });
  socket.to(roomId).emit('presence:update',
    { roomId, agentId: who.sub, status: 'online', lastSeen });
  return { roomId, slug: roomId, lastSeq: Number(r.rows[0].last_seq),
    presence: [] };
}

async function onConnection(nsp, socket, presence) {
  const who = socket.data.who;
  const limited = rateLimiter();
  // Every handler answers through the ack, errors included.
  const handle = (fn) => async (data, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (!limited()) return reply(fail('rate_limited', 'slow down'));
    try {
      reply(await fn(data));
    } catch (e) {
      reply(fail('db_unavailable', e.message));
    }
  };
  socket.on('message:send', handle((d) => sendMessage(nsp, who, d)));
  socket.on('room:join', handle((d) => joinRoom(socket, who, d, presence)));
  socket.on('room:leave', handle(async (d) => {
    socket.leave(d && d.roomId);
    return { roomId: d && d.roomId };
  }));
  socket.on('disconnect', () => {
    for (const key of presence.keys()) {
      if (key.startsWith(`${socket.id}/`)) presence.delete(key);
    }
  });
  // The seed joined the agent's rooms and emitted `connected`.
  const rooms = await pool.query(
    'SELECT r.id, r.last_seq FROM room_members m JOIN rooms r '
    + 'ON r.id = m.room_id WHERE m.agent_id = $1', [who.sub]);
  for (const r of rooms.rows) socket.join(r.id);
  socket.emit('connected', {
    agentId: who.sub, name: who.name, role: who.role || 'agent',
    rooms: rooms.rows.map((r) => ({ roomId: r.id, slug: r.id,
      lastSeq: Number(r.last_seq) })),
  });
}

async function main() {
  const schema = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');
  await pool.query(schema);
  const server = http.createServer((req, res) => {
    const ok = req.url === '/healthz' || req.url === '/readyz';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(ok ? '{"status":"ok"}' : '{"error":{"code":"not_found"}}');
  });
  const io = new Server(server, { transports: ['websocket'] });
  const nsp = io.of('/agents');
  const presence = new Map();
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth && socket.handshake.auth.token)
      || socket.handshake.query.token;
    const who = jwt.verify(token, SECRET);
    if (!who) {
      const err = new Error('unauthorized');
      err.data = { code: 'invalid_token' };
      return next(err);
    }
    socket.data.who = who;
    next();
  });
  nsp.on('connection', (socket) => {
    onConnection(nsp, socket, presence).catch((e) => {
      console.error('baseline: connection setup failed:', e.message);
      socket.disconnect(true);
    });
  });
  server.listen(PORT, HOST, () => {
    console.error(`baseline: listening on ${HOST}:${server.address().port}`);
  });
  const stop = () => {
    io.close();
    pool.end().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error('baseline: fatal:', e.message);
  process.exit(1);
});
