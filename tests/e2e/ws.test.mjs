// /ws end to end with the real `ws` package (docs/protocol.md).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  HUB_WS, WsClient, newAgent, roomWith, storedMessages, apiOk, adminJwt,
  forgeJwt, refusedUpgrade, uniq,
} from './helpers.mjs';

const clients = [];
async function connect(agent) {
  const c = await WsClient.connect(agent.jwt);
  clients.push(c);
  return c;
}
after(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
});

const seqs = (messages) => messages.map((m) => m.seq);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('two agents in a room exchange messages; both get every message:new in seq order', async () => {
  const [A, B] = [await newAgent('alice'), await newAgent('bob')];
  const room = await roomWith(A, B);
  const a = await connect(A);
  const b = await connect(B);
  assert.equal(a.hello.agentId, A.id);
  assert.equal(a.hello.name, A.name);
  assert.equal(a.hello.role, 'agent');
  assert.deepEqual(b.hello.rooms.find((r) => r.roomId === room.id), { roomId: room.id, slug: room.slug, lastSeq: 0 });

  const plan = [[a, A, 'a1'], [b, B, 'b1'], [a, A, 'a2'], [b, B, 'b2']];
  for (const [conn, , body] of plan) await conn.call('message:send', { roomId: room.id, body });
  for (const conn of [a, b]) {
    const got = await conn.events.take('message:new', 4, (m) => m.roomId === room.id);
    assert.deepEqual(seqs(got), [1, 2, 3, 4]);
    assert.deepEqual(got.map((m) => m.body), plan.map((p) => p[2]));
    assert.deepEqual(got.map((m) => m.senderId), plan.map((p) => p[1].id));
    for (const m of got) assert.equal(m.clientMsgId, null);
  }

  // Both send at once (20 each, not awaited): one order, no gaps, seen alike.
  const burst = [];
  for (let i = 0; i < 20; i++) {
    burst.push(a.call('message:send', { roomId: room.id, body: `a-burst-${i}` }));
    burst.push(b.call('message:send', { roomId: room.id, body: `b-burst-${i}` }));
  }
  const acks = await Promise.all(burst);
  assert.deepEqual(seqs(acks).sort((x, y) => x - y), range(5, 44));
  const views = [];
  for (const conn of [a, b]) {
    const got = await conn.events.take('message:new', 40, (m) => m.roomId === room.id);
    assert.deepEqual(seqs(got), range(5, 44));
    views.push(got.map((m) => m.id));
  }
  assert.deepEqual(views[0], views[1]);
  assert.deepEqual(views[0], (await storedMessages(room.id)).slice(4).map((m) => m.id));
});

test('message:send replies with id and seq once the message is committed', async () => {
  const A = await newAgent('sender');
  const room = await roomWith(A);
  const a = await connect(A);
  const reply = await a.request('message:send', { roomId: room.id, body: 'hello', clientMsgId: 'c-1' });
  assert.equal(reply.ok, true);
  assert.equal(reply.type, 'reply');
  assert.match(reply.data.id, UUID);
  assert.equal(reply.data.seq, 1);
  assert.equal(reply.data.roomId, room.id);
  assert.equal(reply.data.duplicate, false);
  assert.match(reply.data.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  // Ack => committed: a fresh reader sees it at once.
  const stored = await storedMessages(room.id);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].id, reply.data.id);
  assert.equal(stored[0].seq, 1);
  assert.equal(stored[0].clientMsgId, 'c-1');
  // By slug too; the reply names the room's UUID.
  const bySlug = await a.call('message:send', { slug: room.slug, body: 'by slug' });
  assert.equal(bySlug.roomId, room.id);
  assert.equal(bySlug.seq, 2);
});

test('a retry with the same clientMsgId returns the original {id, seq} and broadcasts nothing', async () => {
  const [A, B] = [await newAgent('retrier'), await newAgent('watcher')];
  const room = await roomWith(A, B);
  const a = await connect(A);
  const b = await connect(B);
  const first = await a.call('message:send', { roomId: room.id, body: 'once', clientMsgId: 'retry-1' });
  assert.equal(first.duplicate, false);
  const again = await a.call('message:send', { roomId: room.id, body: 'once', clientMsgId: 'retry-1' });
  assert.deepEqual({ id: again.id, seq: again.seq, duplicate: again.duplicate }, { id: first.id, seq: first.seq, duplicate: true });
  // A retry after a lost connection: another connection of the same agent.
  const a2 = await connect(A);
  const third = await a2.call('message:send', { roomId: room.id, body: 'once', clientMsgId: 'retry-1' });
  assert.deepEqual({ id: third.id, seq: third.seq, duplicate: third.duplicate }, { id: first.id, seq: first.seq, duplicate: true });
  // A later message proves delivery went on: anything for the retries came before it.
  const marker = await a.call('message:send', { roomId: room.id, body: 'marker' });
  assert.equal(marker.seq, first.seq + 1);
  for (const conn of [a, b]) {
    await conn.waitMessage(room.id, marker.seq);
    assert.deepEqual(seqs(conn.events.all('message:new', (m) => m.roomId === room.id)), [first.seq, marker.seq]);
  }
  assert.deepEqual(seqs(await storedMessages(room.id)), [1, 2]);
});

test('message:history pages with nextCursor cover every message exactly once', async () => {
  const A = await newAgent('historian');
  const room = await roomWith(A);
  const a = await connect(A);
  const total = 7;
  for (let i = 1; i <= total; i++) await a.call('message:send', { roomId: room.id, body: `m${i}` });

  // Newest first, then backwards with beforeSeq = nextCursor.
  const backward = [];
  let cursor;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 10, 'too many pages');
    const page = await a.call('message:history', { roomId: room.id, limit: 3, ...(cursor ? { beforeSeq: cursor } : {}) });
    assert.equal(page.roomId, room.id);
    assert.deepEqual(seqs(page.messages), [...seqs(page.messages)].sort((x, y) => x - y), 'ascending within a page');
    backward.push(...page.messages);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  assert.deepEqual(seqs(backward).sort((x, y) => x - y), range(1, total));
  assert.equal(backward.find((m) => m.seq === 1).body, 'm1');

  // Oldest first with afterSeq.
  const forward = [];
  let after = 0;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 10, 'too many pages');
    const page = await a.call('message:history', { roomId: room.id, limit: 3, afterSeq: after });
    forward.push(...page.messages);
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  assert.deepEqual(seqs(forward), range(1, total));
  assert.deepEqual(forward.map((m) => m.body), range(1, total).map((i) => `m${i}`));

  const both = await a.request('message:history', { roomId: room.id, afterSeq: 1, beforeSeq: 5 });
  assert.equal(both.ok, false);
  assert.equal(both.error.code, 'invalid_request');
});

test('resume: room:join with afterSeq replays every missed message once, in order, before live ones', async () => {
  const [A, B] = [await newAgent('talker'), await newAgent('sleeper')];
  const room = await roomWith(A, B);
  const a = await connect(A);
  let b = await connect(B);
  await a.call('message:send', { roomId: room.id, body: 'before-1' });
  await a.call('message:send', { roomId: room.id, body: 'before-2' });
  const seen = await b.events.take('message:new', 2, (m) => m.roomId === room.id);
  const lastSeen = seen.at(-1).seq;
  assert.equal(lastSeen, 2);
  await b.close();

  const missed = 10;
  for (let i = 1; i <= missed; i++) await a.call('message:send', { roomId: room.id, body: `missed-${i}` });
  b = await connect(B);
  assert.equal(b.hello.rooms.find((r) => r.roomId === room.id).lastSeq, lastSeen + missed);

  // A live message races the resume.
  const joining = b.request('room:join', { roomId: room.id, afterSeq: lastSeen });
  const live = a.call('message:send', { roomId: room.id, body: 'live' });
  const joined = await joining;
  assert.equal(joined.ok, true, JSON.stringify(joined.error));
  assert.equal(joined.data.roomId, room.id);
  assert.ok(joined.data.lastSeq >= lastSeen + missed);
  const liveSeq = (await live).seq;
  assert.equal(liveSeq, lastSeen + missed + 1);
  await b.waitMessage(room.id, liveSeq);
  const marker = (await a.call('message:send', { roomId: room.id, body: 'marker' })).seq;
  await b.waitMessage(room.id, marker);

  // Everything after the join reply: each seq above afterSeq exactly once, in order.
  const log = b.events.log;
  const replyAt = log.findIndex((e) => e.type === 'reply' && e.data === joined);
  assert.ok(replyAt >= 0);
  const afterReply = log.slice(replyAt + 1).filter((e) => e.type === 'message:new' && e.data.roomId === room.id);
  assert.deepEqual(seqs(afterReply.map((e) => e.data)), range(lastSeen + 1, marker));
  assert.deepEqual(afterReply.slice(0, missed).map((e) => e.data.body), range(1, missed).map((i) => `missed-${i}`));
  // Before the reply, at most the live message can have come (auto-subscribed at the end).
  const beforeReply = log.slice(0, replyAt).filter((e) => e.type === 'message:new' && e.data.roomId === room.id);
  assert.ok(beforeReply.every((e) => e.data.seq === liveSeq), JSON.stringify(seqs(beforeReply.map((e) => e.data))));
});

test('resume beyond the room\'s memory (2 MiB) replays from PostgreSQL, still once and in order', async () => {
  const [A, B] = [await newAgent('bulk'), await newAgent('late')];
  const room = await roomWith(A, B);
  // 100 messages of 30 000 bytes: 3 MB, more than the room keeps in memory.
  // Four connections share the sending (30 events/s each).
  const senders = [];
  for (let i = 0; i < 4; i++) senders.push(await connect(A));
  const filler = 'y'.repeat(30_000);
  await Promise.all(senders.map(async (c, k) => {
    for (let i = 0; i < 25; i++) await c.call('message:send', { roomId: room.id, body: `${k}:${i}:${filler}` });
  }));
  const b = await connect(B);
  const joined = await b.call('room:join', { roomId: room.id, afterSeq: 0 });
  assert.equal(joined.lastSeq, 100);
  const got = await b.events.take('message:new', 100, (m) => m.roomId === room.id, 30_000);
  assert.deepEqual(seqs(got), range(1, 100));
  const stored = await storedMessages(room.id);
  assert.deepEqual(got.map((m) => m.id), stored.map((m) => m.id));
  assert.ok(got.every((m) => m.body.endsWith(filler)));
});

test('a non-member cannot send: not_member, and nothing is stored', async () => {
  const [A, C] = [await newAgent('member'), await newAgent('outsider')];
  const room = await roomWith(A);
  const a = await connect(A);
  const c = await connect(C);
  await a.call('message:send', { roomId: room.id, body: 'inside' });
  const before = await storedMessages(room.id);
  const refused = await c.request('message:send', { roomId: room.id, body: 'intrusion', clientMsgId: 'x-1' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'not_member');
  const bySlug = await c.request('message:send', { slug: room.slug, body: 'intrusion 2' });
  assert.equal(bySlug.error?.code, 'not_member');
  const history = await c.request('message:history', { roomId: room.id });
  assert.equal(history.error?.code, 'not_member');
  assert.deepEqual(await storedMessages(room.id), before);
  const r = await apiOk('GET', `/api/v1/rooms/${room.id}`, { token: await adminJwt() }, 200);
  assert.equal(r.lastSeq, 1);
  // The member saw only its own message.
  const marker = await a.call('message:send', { roomId: room.id, body: 'marker' });
  await a.waitMessage(room.id, marker.seq);
  assert.deepEqual(a.events.all('message:new', (m) => m.roomId === room.id).map((m) => m.body), ['inside', 'marker']);
});

test('malformed frames get an error event and the connection keeps working', async () => {
  const A = await newAgent('clumsy');
  const room = await roomWith(A);
  const a = await connect(A);
  a.sendRaw('not json');
  const err = await a.events.waitFor('error', (e) => e.code === 'invalid_json');
  assert.equal(typeof err.message, 'string');
  a.sendRaw('{"type":42}');
  await a.events.waitFor('error', (e) => e.code === 'invalid_frame');
  a.sendRaw('{"type":42,"ref":"raw-1"}'); // with a ref: a failed reply
  const stray = await a.events.waitFor('stray-reply', (r) => r.ref === 'raw-1');
  assert.deepEqual([stray.ok, stray.error.code], [false, 'invalid_frame']);
  a.sendRaw('[1,2,3]');
  await a.events.waitFor('error', (e) => e.code === 'invalid_frame');
  const sent = await a.call('message:send', { roomId: room.id, body: 'still here' });
  assert.equal(sent.seq, 1);
  const list = await a.call('presence:list', { roomId: room.id });
  assert.equal(list.roomId, room.id);
});

test('an unknown event is answered unknown_event', async () => {
  const A = await newAgent('curious');
  const a = await connect(A);
  const r = await a.request('room:explode', { roomId: 'x' });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'unknown_event');
  a.sendRaw(JSON.stringify({ type: 'nope' })); // no ref: an error event
  await a.events.waitFor('error', (e) => e.code === 'unknown_event');
  const missing = await a.request('message:send', { body: 'where?' });
  assert.equal(missing.error.code, 'invalid_request');
});

test('a 70 KiB frame closes the connection with 1009', async () => {
  const A = await newAgent('verbose');
  const room = await roomWith(A);
  const a = await connect(A);
  a.sendRaw(JSON.stringify({ type: 'message:send', ref: '1', data: { roomId: room.id, body: 'x'.repeat(70 * 1024) } }));
  const closed = await a.closed;
  assert.equal(closed.code, 1009);
  assert.deepEqual(await storedMessages(room.id), []);
});

test('an expired session JWT is refused at the upgrade with HTTP 401', async () => {
  const A = await newAgent('expired');
  const now = Math.floor(Date.now() / 1000);
  // Control: a token forged the same way but still valid is accepted.
  const good = await WsClient.connect(forgeJwt({ sub: A.id, name: A.name, iat: now, exp: now + 300 }));
  clients.push(good);
  assert.equal(good.hello.agentId, A.id);

  const expired = forgeJwt({ sub: A.id, name: A.name, iat: now - 7200, exp: now - 3600 });
  const viaHeader = await refusedUpgrade(`${HUB_WS}/ws`, { Authorization: `Bearer ${expired}` });
  assert.equal(viaHeader.status, 401);
  assert.equal(viaHeader.body.error.code, 'token_expired');
  assert.match(viaHeader.headers['www-authenticate'], /^Bearer realm="agenthub"/);
  const viaQuery = await refusedUpgrade(`${HUB_WS}/ws?token=${encodeURIComponent(expired)}`);
  assert.equal(viaQuery.status, 401);
  assert.equal(viaQuery.body.error.code, 'token_expired');
  const none = await refusedUpgrade(`${HUB_WS}/ws`);
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'unauthorized');
});

test('the connection is closed with 1008 when its session JWT expires', async () => {
  const A = await newAgent('mortal');
  const exp = Math.floor(Date.now() / 1000) + 2;
  const a = await WsClient.connect(forgeJwt({ sub: A.id, name: A.name, exp }));
  clients.push(a);
  const closed = await a.closed;
  assert.deepEqual(closed, { code: 1008, reason: 'session token expired' });
  assert.ok(Date.now() >= exp * 1000 - 1000, 'not closed long before exp');
});

test('presence:update online/offline as another member connects and disconnects', async () => {
  const [A, B] = [await newAgent('host'), await newAgent('guest')];
  const room = await roomWith(A, B);
  const a = await connect(A);
  const b = await connect(B);
  const online = await a.events.waitFor('presence:update', (p) => p.agentId === B.id && p.roomId === room.id);
  assert.equal(online.status, 'online');
  await b.close();
  const offline = await a.events.waitFor('presence:update', (p) => p.agentId === B.id && p.roomId === room.id);
  assert.equal(offline.status, 'offline');
  assert.equal(typeof offline.lastSeen, 'string');
});

test('presence:list names every member with its status', async () => {
  const [A, B, C] = [await newAgent('lister'), await newAgent('absent'), await newAgent('stranger')];
  const room = await roomWith(A, B);
  const a = await connect(A);
  const list = await a.call('presence:list', { roomId: room.id });
  assert.equal(list.roomId, room.id);
  const byAgent = Object.fromEntries(list.presence.map((p) => [p.agentId, p]));
  assert.deepEqual(Object.keys(byAgent).sort(), [A.id, B.id].sort());
  assert.equal(byAgent[A.id].status, 'online');
  assert.equal(byAgent[B.id].status, 'offline');
  const bySlug = await a.call('presence:list', { slug: room.slug });
  assert.equal(bySlug.roomId, room.id);
  const c = await connect(C);
  const refused = await c.request('presence:list', { roomId: room.id });
  assert.equal(refused.ok, false, 'presence is for members only');
  const unknown = await a.request('presence:list', { slug: uniq('no-such-room') });
  assert.equal(unknown.error?.code, 'room_not_found');
});
