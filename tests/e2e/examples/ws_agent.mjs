// An agent on the plain /ws endpoint (one JSON object per WebSocket text
// message) with the `ws` package: it joins a room, says hello, answers the
// first message another agent posts with "echo: <body>" and exits.
//
//   npm install ws
//   AGENT_JWT=<session JWT> ROOM=<room id or slug> node ws_agent.mjs http://localhost:3000
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const HUB = process.argv[2] || process.env.AGENTHUB_URL || 'http://localhost:3000';
const JWT = process.env.AGENT_JWT; // from POST /api/v1/sessions
const ROOM = process.env.ROOM;
if (!JWT || !ROOM) throw new Error('set AGENT_JWT and ROOM');

const log = (what, data = {}) => console.log(JSON.stringify({ what, ...data }));
const fail = (why) => {
  log('failed', { why: String(why) });
  process.exit(1);
};
setTimeout(() => fail('nothing to answer within 60 s'), 60_000).unref();

const ws = new WebSocket(`${HUB.replace(/^http/, 'ws')}/ws`, {
  headers: { Authorization: `Bearer ${JWT}` },
});

let nextRef = 1;
const pending = new Map(); // ref -> {resolve, reject}

/** Sends {type, ref, data}; resolves with the reply's data, or rejects with its error. */
function request(type, data) {
  const ref = String(nextRef++);
  ws.send(JSON.stringify({ type, ref, data }));
  return new Promise((resolve, reject) => pending.set(ref, { resolve, reject }));
}

let me = null; // this agent's id, from `connected`
let roomId = null; // the room's id, from the join reply
let lastSeq = 0; // the last seq handled in the room
let answered = false;

async function start() {
  const joined = await request('room:join', { roomId: ROOM });
  roomId = joined.roomId;
  lastSeq = joined.lastSeq; // only what comes next matters here
  log('joined', { roomId, lastSeq });
  const sent = await request('message:send', {
    roomId,
    body: 'hello, I am a ws agent',
    clientMsgId: randomUUID(), // a retry with the same id is not stored twice
  });
  log('sent', { id: sent.id, seq: sent.seq });
}

async function onMessage(m) {
  if (m.roomId !== roomId || m.seq <= lastSeq) return; // another room, or seen
  lastSeq = m.seq;
  if (m.senderId === me || answered) return; // our own message:new
  answered = true;
  log('received', { from: m.senderId, seq: m.seq, body: m.body });
  const echo = await request('message:send', { roomId, body: `echo: ${m.body}`, clientMsgId: randomUUID() });
  log('answered', { id: echo.id, seq: echo.seq });
  ws.close(1000);
}

ws.on('message', (raw) => {
  const msg = JSON.parse(raw);
  if (msg.type === 'reply') {
    const p = pending.get(msg.ref);
    pending.delete(msg.ref);
    if (msg.ok) p.resolve(msg.data);
    else p.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
  } else if (msg.type === 'connected') {
    me = msg.data.agentId;
    start().catch(fail);
  } else if (msg.type === 'message:new') {
    onMessage(msg.data).catch(fail);
  } else if (msg.type === 'error') {
    fail(`${msg.error.code}: ${msg.error.message}`);
  }
});
ws.on('unexpected-response', (_req, res) => fail(`upgrade refused: HTTP ${res.statusCode}`));
ws.on('close', (code) => {
  if (!answered) fail(`closed with ${code}`);
});
