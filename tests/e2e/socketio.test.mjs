// Socket.IO end to end with the real socket.io-client 4.8.4 (namespace
// /agents, websocket transport; /work/shared/protocols.md §A–C).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

import {
  HUB_HTTP, HUB_WS, newAgent, roomWith, storedMessages, sioSocket, sioConnect, ack,
  forgeJwt, sleep, withTimeout, WAIT_MS,
} from './helpers.mjs';

const sockets = [];
const track = (s) => (sockets.push(s), s);
const connect = async (...args) => track(await sioConnect(...args));
after(() => {
  for (const s of sockets) s.close();
});

const seqs = (messages) => messages.map((m) => m.seq);

test('connects to /agents and gets `connected`', async () => {
  const A = await newAgent('sio');
  const room = await roomWith(A);
  const s = await connect(A.jwt);
  assert.equal(s.connected, true);
  assert.equal(typeof s.id, 'string');
  assert.ok(s.id.length > 0);
  assert.equal(s.hello.agentId, A.id);
  assert.equal(s.hello.name, A.name);
  assert.equal(s.hello.role, 'agent');
  assert.deepEqual(s.hello.rooms, [{ roomId: room.id, slug: room.slug, lastSeq: 0 }]);
  assert.equal(s.events.all('connected').length, 1);
});

test('join, emitWithAck message:send resolves {id, seq}, the other client gets message:new', async () => {
  const [A, B] = [await newAgent('sio-a'), await newAgent('sio-b')];
  const room = await roomWith(A, B);
  const a = await connect(A.jwt);
  const b = await connect(B.jwt);
  const joined = await ack(a, 'room:join', { roomId: room.id });
  assert.equal(joined.roomId, room.id);
  assert.equal(joined.slug, room.slug);
  assert.equal(joined.lastSeq, 0);
  assert.ok(Array.isArray(joined.presence));

  const sent = await ack(a, 'message:send', { roomId: room.id, body: 'hi over socket.io', clientMsgId: 'sio-1' });
  assert.equal(typeof sent.id, 'string');
  assert.equal(sent.seq, 1);
  assert.equal(sent.roomId, room.id);
  assert.equal(sent.duplicate, false);
  const got = await b.events.waitFor('message:new', (m) => m.roomId === room.id);
  assert.deepEqual(
    { id: got.id, seq: got.seq, senderId: got.senderId, body: got.body, clientMsgId: got.clientMsgId },
    { id: sent.id, seq: 1, senderId: A.id, body: 'hi over socket.io', clientMsgId: 'sio-1' },
  );
  // Idempotent retry, as on /ws.
  const retry = await ack(a, 'message:send', { roomId: room.id, body: 'hi over socket.io', clientMsgId: 'sio-1' });
  assert.deepEqual([retry.id, retry.seq, retry.duplicate], [sent.id, 1, true]);
  const second = await ack(b, 'message:send', { roomId: room.id, body: 'reply' });
  assert.equal(second.seq, 2);
  const toA = await a.events.take('message:new', 2, (m) => m.roomId === room.id);
  assert.deepEqual(seqs(toA), [1, 2]);
  await b.events.waitFor('message:new', (m) => m.seq === 2);
  assert.deepEqual(seqs(b.events.all('message:new')), [1, 2], 'no message:new for the retry');
});

test('message:history via emitWithAck', async () => {
  const A = await newAgent('sio-hist');
  const room = await roomWith(A);
  const a = await connect(A.jwt);
  for (let i = 1; i <= 5; i++) await ack(a, 'message:send', { roomId: room.id, body: `h${i}` });
  const newest = await ack(a, 'message:history', { roomId: room.id, limit: 2 });
  assert.equal(newest.roomId, room.id);
  assert.deepEqual(seqs(newest.messages), [4, 5]);
  assert.equal(newest.nextCursor, 4);
  const older = await ack(a, 'message:history', { roomId: room.id, limit: 10, beforeSeq: newest.nextCursor });
  assert.deepEqual(seqs(older.messages), [1, 2, 3]);
  assert.equal(older.nextCursor, null);
  const all = await ack(a, 'message:history', { slug: room.slug, afterSeq: 0 });
  assert.deepEqual(all.messages.map((m) => m.body), ['h1', 'h2', 'h3', 'h4', 'h5']);
});

test('resume: a new connection replays the missed messages with room:join afterSeq', async () => {
  const [A, B] = [await newAgent('sio-talk'), await newAgent('sio-away')];
  const room = await roomWith(A, B);
  const a = await connect(A.jwt);
  let b = await connect(B.jwt);
  await ack(a, 'message:send', { roomId: room.id, body: 'seen' });
  const lastSeen = (await b.events.waitFor('message:new', (m) => m.roomId === room.id)).seq;
  b.disconnect();
  const missed = 6;
  for (let i = 1; i <= missed; i++) await ack(a, 'message:send', { roomId: room.id, body: `missed-${i}` });

  b = await connect(B.jwt);
  assert.equal(b.hello.rooms[0].lastSeq, lastSeen + missed);
  const joined = await ack(b, 'room:join', { roomId: room.id, afterSeq: lastSeen });
  assert.equal(joined.lastSeq, lastSeen + missed);
  const replayed = await b.events.take('message:new', missed, (m) => m.roomId === room.id);
  assert.deepEqual(seqs(replayed), Array.from({ length: missed }, (_, i) => lastSeen + 1 + i));
  assert.deepEqual(replayed.map((m) => m.body), Array.from({ length: missed }, (_, i) => `missed-${i + 1}`));
  const live = await ack(a, 'message:send', { roomId: room.id, body: 'live' });
  const next = await b.events.waitFor('message:new', (m) => m.roomId === room.id);
  assert.equal(next.seq, live.seq);
  assert.equal(b.events.all('message:new').length, missed + 1, 'each message exactly once');
});

test('a bad token gets connect_error with message and data.code, and no reconnect loop', async () => {
  const A = await newAgent('sio-bad');
  const now = Math.floor(Date.now() / 1000);
  const cases = [
    ['not-a-jwt', 'invalid_token'],
    [forgeJwt({ sub: A.id, name: A.name, iat: now - 7200, exp: now - 3600 }), 'token_expired'],
    [null, 'unauthorized'],
  ];
  for (const [token, code] of cases) {
    // Fast reconnection: a loop would show within the observation window.
    const s = track(sioSocket(token, { reconnectionDelay: 20, reconnectionDelayMax: 50 }));
    let attempts = 0;
    s.io.on('reconnect_attempt', () => attempts++);
    const err = await s.events.waitFor('connect_error');
    assert.equal(typeof err.message, 'string');
    assert.ok(err.message.length > 0);
    assert.equal(err.data?.code, code, `${code}: ${err.message}`);
    await sleep(400); // nothing must happen now
    assert.equal(s.events.all('connect_error').length, 1);
    assert.equal(attempts, 0);
    assert.equal(s.active, false, 'the client gave up (no reconnection)');
    assert.equal(s.connected, false);
    assert.equal(s.events.all('connected').length, 0);
  }
});

test('an expiring JWT: the hub drops the connection, the reconnect gets token_expired, the client stops', async () => {
  const A = await newAgent('sio-mortal');
  const exp = Math.floor(Date.now() / 1000) + 2;
  const s = await connect(forgeJwt({ sub: A.id, name: A.name, exp }), { reconnectionDelay: 20, reconnectionDelayMax: 50 });
  const reason = await s.events.waitFor('disconnect');
  assert.equal(reason, 'transport close');
  const err = await s.events.waitFor('connect_error');
  assert.equal(err.data?.code, 'token_expired');
  await sleep(300);
  assert.equal(s.active, false);
  assert.equal(s.events.all('connect_error').length, 1);
});

test('the token also works in ?token= and in an Authorization header', async () => {
  const A = await newAgent('sio-alt');
  const viaQuery = await connect(null, {}, `${HUB_HTTP}/agents?token=${encodeURIComponent(A.jwt)}`);
  assert.equal(viaQuery.hello.agentId, A.id);
  const viaQueryOption = await connect(null, { query: { token: A.jwt } });
  assert.equal(viaQueryOption.hello.agentId, A.id);
  const viaHeader = await connect(null, { extraHeaders: { Authorization: `Bearer ${A.jwt}` } });
  assert.equal(viaHeader.hello.agentId, A.id);
  // auth.token wins over the query.
  const B = await newAgent('sio-alt2');
  const both = await connect(B.jwt, { query: { token: A.jwt } });
  assert.equal(both.hello.agentId, B.id);
});

test('disconnect and reconnect: each new connection gets `connected` again', async () => {
  const [A, B] = [await newAgent('sio-re'), await newAgent('sio-obs')];
  const room = await roomWith(A, B);
  const obs = await connect(B.jwt);
  const s = await connect(A.jwt, { reconnectionDelay: 50, reconnectionDelayMax: 100 });
  const firstSid = s.id;
  s.disconnect();
  assert.equal(await s.events.waitFor('disconnect'), 'io client disconnect');
  await obs.events.waitFor('presence:update', (p) => p.agentId === A.id && p.status === 'offline');
  s.connect();
  const hello2 = await s.events.waitFor('connected');
  assert.equal(hello2.agentId, A.id);
  assert.notEqual(s.id, firstSid);

  // Transport lost (not asked for by the app): socket.io-client reconnects by itself.
  s.io.engine.close();
  const reason = await s.events.waitFor('disconnect');
  assert.notEqual(reason, 'io client disconnect');
  const hello3 = await s.events.waitFor('connected');
  assert.equal(hello3.agentId, A.id);
  assert.equal(s.connected, true);
  const sent = await ack(s, 'message:send', { roomId: room.id, body: 'back again' });
  assert.equal((await obs.events.waitFor('message:new', (m) => m.id === sent.id)).seq, 1);
});

test('heartbeat: with a 1 s ping interval an idle client stays connected for more than 3 s', async () => {
  const A = await newAgent('sio-idle');
  const s = await connect(A.jwt);
  const start = Date.now();
  let pings = 0;
  s.io.on('ping', () => pings++);
  // The client drops the connection pingInterval + pingTimeout (2 s) after
  // the last ping; 4 pings = 4 intervals, each answered by the client's pong.
  await withTimeout(new Promise((resolve) => s.io.on('ping', () => pings >= 4 && resolve())), 15_000, '4 server pings');
  const idleFor = Date.now() - start;
  assert.ok(idleFor > 3000, `only ${idleFor} ms`);
  assert.ok(idleFor < 8000, `pings too slow for a 1 s interval: ${idleFor} ms`);
  assert.equal(s.events.all('disconnect').length, 0);
  assert.equal(s.connected, true);
  const r = await ack(s, 'message:send', { roomId: 'no-such-room', body: 'still alive?' });
  assert.equal(r.error.code, 'room_not_found');
});

test('long-polling: a clear 400 naming transports: [\'websocket\'], and connect_error in the client', async () => {
  for (const method of ['GET', 'POST']) {
    const res = await fetch(`${HUB_HTTP}/socket.io/?EIO=4&transport=polling&t=abc`, { method });
    assert.equal(res.status, 400, method);
    const body = await res.json();
    assert.equal(body.error.code, 'transport_unsupported');
    assert.match(body.error.message, /transports: \['websocket'\]/);
  }
  const A = await newAgent('sio-poll');
  for (const transports of [['polling'], undefined]) { // undefined: the default, polling first
    const s = track(sioSocket(A.jwt, { transports, reconnection: false, timeout: 5000 }));
    const err = await s.events.waitFor('connect_error', () => true, WAIT_MS);
    assert.equal(typeof err.message, 'string');
    assert.equal(s.connected, false);
    assert.equal(s.events.all('connected').length, 0);
  }
});

/** A raw WebSocket on /socket.io/ (the `ws` package), for malformed input. */
async function rawEngine() {
  const ws = new WebSocket(`${HUB_WS}/socket.io/?EIO=4&transport=websocket`);
  const frames = [];
  let onFrame = () => {};
  ws.on('message', (d) => { frames.push(d.toString()); onFrame(); });
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await withTimeout(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), WAIT_MS, 'the upgrade');
  const next = (pred) => withTimeout(new Promise((resolve) => {
    const check = () => { const f = frames.find(pred); if (f) resolve(f); };
    onFrame = check;
    check();
  }), WAIT_MS, 'a frame');
  return { ws, frames, closed, next };
}

test('Engine.IO open packet, then malformed packets close the connection and store nothing', async () => {
  const A = await newAgent('sio-raw');
  const room = await roomWith(A);
  const bad = ['42/agents,{}', '4abc', '42/agents,["message:send",{"roomId":"' + room.id + '","body":"x"}', '2', 'x'];
  for (const frame of bad) {
    const e = await rawEngine();
    const open = JSON.parse((await e.next((f) => f.startsWith('0'))).slice(1));
    assert.deepEqual(Object.keys(open), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
    assert.deepEqual(open.upgrades, []);
    assert.equal(open.pingInterval, 1000); // run_e2e.sh sets 1 s
    e.ws.send(`40/agents,${JSON.stringify({ token: A.jwt })}`);
    assert.match(await e.next((f) => f.startsWith('40/agents,')), /^40\/agents,\{"sid":"[^"]+"\}$/);
    e.ws.send(frame);
    const code = await withTimeout(e.closed, WAIT_MS, `the close after ${frame}`);
    assert.equal(code, 1002, frame);
  }
  // An unknown namespace is refused, the connection stays.
  const e = await rawEngine();
  e.ws.send('40/nope,');
  assert.equal(await e.next((f) => f.startsWith('44/nope,')), '44/nope,{"message":"Invalid namespace"}');
  e.ws.close();
  assert.deepEqual(await storedMessages(room.id), []);
});

test('a bad send is acknowledged with {error: {code, message}}', async () => {
  const [A, C] = [await newAgent('sio-err'), await newAgent('sio-out')];
  const room = await roomWith(A);
  const a = await connect(A.jwt);
  const c = await connect(C.jwt);
  const empty = await ack(a, 'message:send', { roomId: room.id, body: '' });
  assert.equal(empty.error.code, 'invalid_request');
  assert.equal(typeof empty.error.message, 'string');
  const outsider = await ack(c, 'message:send', { roomId: room.id, body: 'let me in' });
  assert.equal(outsider.error.code, 'not_member');
  const unknown = await ack(a, 'room:explode', { roomId: room.id });
  assert.equal(unknown.error.code, 'unknown_event');
  const notObject = await ack(a, 'message:send', 'just a string');
  assert.equal(notObject.error.code, 'invalid_request');
  assert.deepEqual(await storedMessages(room.id), []);
  // Without an ack the failure comes as an `error` event.
  a.emit('message:send', { roomId: room.id, body: '' });
  assert.equal((await a.events.waitFor('error')).code, 'invalid_request');
});
