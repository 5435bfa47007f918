// MCP end to end with the real @modelcontextprotocol/sdk 1.32.2 (Client +
// StreamableHTTPClientTransport; /work/shared/protocols.md §D).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import {
  MCP_URL, mcpConnect, newAgent, roomWith, createRoom, storedMessages,
  sioConnect, ack, sleep, forgeJwt, api, adminJwt,
} from './helpers.mjs';

const closers = [];
after(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
});
async function mcp(jwt) {
  const c = await mcpConnect(jwt);
  closers.push(() => c.client.close());
  return c;
}
async function sio(jwt) {
  const s = await sioConnect(jwt);
  closers.push(async () => s.close());
  return s;
}

/** callTool that asserts success and returns structuredContent. */
async function call(client, name, args = {}) {
  const r = await client.callTool({ name, arguments: args });
  assert.equal(r.isError, false, `${name} failed: ${JSON.stringify(r.content)}`);
  assert.equal(r.content[0].type, 'text');
  assert.deepEqual(JSON.parse(r.content[0].text), r.structuredContent, 'the text block mirrors structuredContent');
  return r.structuredContent;
}

const TOOLS = ['join_room', 'leave_room', 'list_rooms', 'read_messages', 'send_message', 'wait_for_messages'];

test('connect and listTools: exactly the six tools, with object input and output schemas', async () => {
  const A = await newAgent('mcp-list');
  const { client, transport } = await mcp(A.jwt);
  assert.equal(client.getServerVersion().name, 'agenthub');
  assert.ok(client.getServerCapabilities().tools);
  assert.equal(typeof transport.sessionId, 'string');
  assert.equal(transport.protocolVersion, '2025-11-25');
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object', t.name);
    assert.equal(t.outputSchema?.type, 'object', t.name);
    assert.equal(typeof t.description, 'string');
  }
  await client.ping();
});

test('every tool: list, join, send (idempotent), read, leave', async () => {
  const [owner, A] = [await newAgent('mcp-owner'), await newAgent('mcp-user')];
  const pub = await createRoom(owner.jwt, { isPublic: true });
  const mine = await roomWith(A);
  const { client } = await mcp(A.jwt);
  await client.listTools(); // caches the output schemas: results are validated

  const listed = await call(client, 'list_rooms');
  const byId = Object.fromEntries(listed.rooms.map((r) => [r.id, r]));
  assert.ok(byId[mine.id], 'my room is listed');
  assert.ok(byId[pub.id], 'a public room is listed');

  const joined = await call(client, 'join_room', { roomId: pub.slug });
  assert.deepEqual({ roomId: joined.roomId, slug: joined.slug, joined: joined.joined, lastSeq: joined.lastSeq },
    { roomId: pub.id, slug: pub.slug, joined: true, lastSeq: 0 });

  const sent = await call(client, 'send_message', { roomId: pub.id, body: 'hello from MCP', clientMsgId: 'mcp-1' });
  assert.equal(sent.seq, 1);
  assert.equal(sent.roomId, pub.id);
  assert.equal(sent.duplicate, false);
  const retry = await call(client, 'send_message', { roomId: pub.id, body: 'hello from MCP', clientMsgId: 'mcp-1' });
  assert.deepEqual([retry.id, retry.seq, retry.duplicate], [sent.id, sent.seq, true]);
  await call(client, 'send_message', { roomId: pub.slug, body: 'second' });

  const read = await call(client, 'read_messages', { roomId: pub.id, afterSeq: 0 });
  assert.equal(read.roomId, pub.id);
  assert.deepEqual(read.messages.map((m) => [m.seq, m.body, m.senderId]), [[1, 'hello from MCP', A.id], [2, 'second', A.id]]);
  assert.equal(read.messages[0].clientMsgId, 'mcp-1');
  const newest = await call(client, 'read_messages', { roomId: pub.id, limit: 1 });
  assert.deepEqual(newest.messages.map((m) => m.seq), [2]);
  assert.equal(newest.nextCursor, 2);

  const left = await call(client, 'leave_room', { roomId: pub.id });
  assert.deepEqual(left, { roomId: pub.id, left: true });
  const afterLeave = await client.callTool({ name: 'send_message', arguments: { roomId: pub.id, body: 'gone' } });
  assert.equal(afterLeave.isError, true);
  assert.deepEqual((await storedMessages(pub.id)).map((m) => m.seq), [1, 2]);
});

test('wait_for_messages is woken by a message sent from a socket.io client', async () => {
  const [A, B] = [await newAgent('mcp-wait'), await newAgent('sio-poke')];
  const room = await roomWith(B, A);
  const { client } = await mcp(A.jwt);
  const b = await sio(B.jwt);
  const timeoutMs = 20_000;
  const started = Date.now();
  let settled = false;
  const waiting = client.callTool({ name: 'wait_for_messages', arguments: { roomId: room.id, afterSeq: 0, timeoutMs } })
    .finally(() => { settled = true; });
  // The long-poll follows the room like a connection, so the MCP agent shows
  // up online; bounded fallback if presence ever stops covering waiters.
  await Promise.race([
    b.events.waitFor('presence:update', (p) => p.agentId === A.id && p.status === 'online', 2000).catch(() => {}),
    sleep(500),
  ]);
  assert.equal(settled, false, 'wait_for_messages returned before anything was sent');
  const sentAt = Date.now();
  const sent = await ack(b, 'message:send', { roomId: room.id, body: 'wake up' });
  const r = await waiting;
  const tookAfterSend = Date.now() - sentAt;
  assert.equal(r.isError, false, JSON.stringify(r.content));
  assert.equal(r.structuredContent.timedOut, false);
  assert.equal(r.structuredContent.lastSeq, sent.seq);
  assert.deepEqual(r.structuredContent.messages.map((m) => [m.id, m.body, m.senderId]), [[sent.id, 'wake up', B.id]]);
  assert.ok(tookAfterSend < 3000, `woken ${tookAfterSend} ms after the send`);
  assert.ok(Date.now() - started < timeoutMs / 2, 'returned well before its timeout');

  // Already there: answered at once from the log.
  const now = await call(client, 'wait_for_messages', { roomId: room.id, afterSeq: 0, timeoutMs });
  assert.deepEqual(now.messages.map((m) => m.seq), [1]);
});

test('wait_for_messages with nothing new times out with timedOut true', async () => {
  const A = await newAgent('mcp-idle');
  const room = await roomWith(A);
  const { client } = await mcp(A.jwt);
  await call(client, 'send_message', { roomId: room.id, body: 'old news' });
  const started = Date.now();
  const r = await call(client, 'wait_for_messages', { roomId: room.id, afterSeq: 1, timeoutMs: 400 });
  const took = Date.now() - started;
  assert.equal(r.timedOut, true);
  assert.deepEqual(r.messages, []);
  assert.equal(r.lastSeq, 1);
  assert.ok(took >= 350 && took < 5000, `took ${took} ms`);
});

test('business errors are tool results with isError; an unknown tool is McpError -32602', async () => {
  const [A, B] = [await newAgent('mcp-err'), await newAgent('mcp-other')];
  const theirs = await roomWith(B);
  const { client } = await mcp(A.jwt);
  await client.listTools();
  const r = await client.callTool({ name: 'send_message', arguments: { roomId: theirs.id, body: 'not mine' } });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /not_member/);
  assert.deepEqual(await storedMessages(theirs.id), []);
  const bad = await client.callTool({ name: 'read_messages', arguments: { roomId: theirs.id, limit: 0 } });
  assert.equal(bad.isError, true);
  const privateJoin = await client.callTool({ name: 'join_room', arguments: { roomId: theirs.id } });
  assert.equal(privateJoin.isError, true);
  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), (err) => {
    assert.ok(err instanceof McpError, String(err));
    assert.equal(err.code, ErrorCode.InvalidParams);
    assert.equal(err.code, -32602);
    return true;
  });
});

// /ws and Socket.IO refuse a clientMsgId with control characters
// (actors/session_commands.cpp valid_client_msg_id); the MCP tool used to
// store it (fixed in net/mcp_tools.cpp).
test('send_message refuses a clientMsgId with control characters, like /ws does', async () => {
  const A = await newAgent('mcp-cmid');
  const room = await roomWith(A);
  const { client } = await mcp(A.jwt);
  const r = await client.callTool({ name: 'send_message', arguments: { roomId: room.id, body: 'x', clientMsgId: 'bad\u0001id' } });
  assert.equal(r.isError, true, `accepted: ${JSON.stringify(r.structuredContent)}`);
  assert.deepEqual(await storedMessages(room.id), []);
});

test('a bad JWT: connect() rejects with a 401 StreamableHTTPError', async () => {
  const A = await newAgent('mcp-401');
  const now = Math.floor(Date.now() / 1000);
  for (const jwt of ['garbage', forgeJwt({ sub: A.id, name: A.name, iat: now - 7200, exp: now - 3600 })]) {
    await assert.rejects(mcpConnect(jwt), (err) => {
      assert.ok(err instanceof StreamableHTTPError, String(err));
      assert.equal(err.code, 401);
      return true;
    });
  }
});

test('terminateSession: the old session id then answers 404', async () => {
  const A = await newAgent('mcp-term');
  const { client, transport } = await mcp(A.jwt);
  await client.listTools();
  const old = transport.sessionId;
  await transport.terminateSession();
  assert.equal(transport.sessionId, undefined);
  // The SDK, resuming the old session (no new initialize), gets 404.
  const resumed = await mcpConnect(A.jwt, { sessionId: old });
  closers.push(() => resumed.client.close());
  await assert.rejects(resumed.client.listTools(), (err) => {
    assert.ok(err instanceof StreamableHTTPError, String(err));
    assert.equal(err.code, 404);
    return true;
  });
  const raw = await post(A.jwt, { jsonrpc: '2.0', id: 7, method: 'tools/list' }, { 'Mcp-Session-Id': old });
  assert.equal(raw.status, 404);
  assert.equal(raw.body.error.code, -32001);
});

// The operator's view (GET /admin/sessions) lists an MCP session under an
// id of its own: the Mcp-Session-Id is a bearer credential and never shows.
test('admin: the session is listed as framing mcp without its id, and a kick ends it with 404', async () => {
  const A = await newAgent('mcp-admin');
  const { client, transport } = await mcp(A.jwt);
  await client.listTools();
  const sid = transport.sessionId;
  const token = await adminJwt();

  const listed = [];
  for (let cursor = null; ;) {
    const page = await api('GET', `/admin/sessions?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.ok(!JSON.stringify(page.body).includes(sid), 'the listing shows the Mcp-Session-Id');
    listed.push(...page.body.sessions);
    cursor = page.body.nextCursor;
    if (cursor === null) break;
  }
  const mine = listed.filter((s) => s.agentId === A.id);
  assert.equal(mine.length, 1, JSON.stringify(listed));
  const [s] = mine;
  assert.equal(s.framing, 'mcp');
  assert.equal(s.agentName, A.name);
  assert.equal(s.remoteAddress, '127.0.0.1');
  assert.notEqual(s.id, sid);
  assert.deepEqual(s.rooms, []);
  assert.equal(s.outboundQueueBytes, 0);
  assert.ok(s.events >= 2, `events ${s.events}`); // notifications/initialized, tools/list
  assert.ok(Date.parse(s.lastUsedAt) >= Date.parse(s.connectedAt));

  const one = await api('GET', `/admin/sessions/${s.id}`, { token });
  assert.equal(one.status, 200);
  assert.equal(one.body.id, s.id);
  assert.ok(!JSON.stringify(one.body).includes(sid));

  const kicked = await api('DELETE', `/admin/sessions/${s.id}`, { token });
  assert.equal(kicked.status, 200, JSON.stringify(kicked.body));
  assert.deepEqual(kicked.body, { id: s.id, kicked: true, closeCode: null });
  // The client's next call fails like one on an expired session: 404.
  await assert.rejects(client.listTools(), (err) => {
    assert.ok(err instanceof StreamableHTTPError, String(err));
    assert.equal(err.code, 404);
    return true;
  });
  assert.equal((await api('GET', `/admin/sessions/${s.id}`, { token })).status, 404);
});

async function post(jwt, body, headers = {}) {
  const res = await fetch(MCP_URL, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${jwt}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

test('raw HTTP: GET 405, server/discover -32601, no SSE accept 406, no session 400', async () => {
  const A = await newAgent('mcp-raw');
  const get = await fetch(MCP_URL, { headers: { Authorization: `Bearer ${A.jwt}`, Accept: 'text/event-stream' } });
  await get.body?.cancel();
  assert.equal(get.status, 405);
  assert.match(get.headers.get('allow') ?? '', /POST/);

  const discover = await post(A.jwt, { jsonrpc: '2.0', id: 1, method: 'server/discover' });
  assert.equal(discover.body.id, 1);
  assert.equal(discover.body.error.code, -32601);
  assert.ok(discover.status === 200 || (discover.status >= 400 && discover.status < 500), `status ${discover.status}`);

  const init = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
  const notAcceptable = await post(A.jwt, init, { Accept: 'application/json' });
  assert.equal(notAcceptable.status, 406);
  assert.equal(notAcceptable.body.error.code, -32000);

  const noSession = await post(A.jwt, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
  assert.equal(noSession.status, 400);
  assert.equal(noSession.body.error.code, -32000);

  // The same initialize, accepted: a session id comes back.
  const ok = await post(A.jwt, init);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type'), /^application\/json/);
  assert.equal(ok.body.result.protocolVersion, '2025-11-25');
  const sid = ok.headers.get('mcp-session-id');
  assert.match(sid, /^[\x21-\x7e]+$/);
  const initialized = await post(A.jwt, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'Mcp-Session-Id': sid });
  assert.equal(initialized.status, 202);
  assert.equal(initialized.body, null);
  // A session belongs to the agent that opened it.
  const B = await newAgent('mcp-thief');
  const stolen = await post(B.jwt, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-11-25' });
  assert.equal(stolen.status, 404);
  const unauth = await fetch(MCP_URL, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: JSON.stringify(init) });
  await unauth.body?.cancel();
  assert.equal(unauth.status, 401);
  assert.match(unauth.headers.get('www-authenticate') ?? '', /^Bearer /);
  for (const method of ['GET', 'DELETE']) { // every method needs the JWT
    const r = await fetch(MCP_URL, { method, headers: { 'Mcp-Session-Id': sid } });
    await r.body?.cancel();
    assert.equal(r.status, 401, method);
  }
});
