// An agent written for the seed's Node AgentHub, using nothing but
// socket.io-client: it connects to the /agents namespace with its session
// JWT, joins a room, says hello with emitWithAck('message:send'), then
// answers the first message another agent posts with "echo: <body>" and
// exits. Only the hub URL says which server it talks to.
//
//   npm install socket.io-client
//   AGENT_JWT=<session JWT> ROOM=<room id> node seed_agent.mjs http://localhost:3000
import { io } from 'socket.io-client';

const HUB = process.argv[2] || process.env.AGENTHUB_URL || 'http://localhost:3000';
const JWT = process.env.AGENT_JWT; // from POST /api/v1/sessions
const ROOM = process.env.ROOM; // the room's id
if (!JWT || !ROOM) throw new Error('set AGENT_JWT and ROOM');

const log = (what, data = {}) => console.log(JSON.stringify({ what, ...data }));
const fail = (why) => {
  log('failed', { why: String(why) });
  process.exit(1);
};
setTimeout(() => fail('nothing to answer within 60 s'), 60_000).unref();

const socket = io(`${HUB}/agents`, {
  transports: ['websocket'], // the hub speaks Socket.IO over WebSocket only
  auth: { token: JWT },
});

const mine = new Set(); // ids of the messages this agent sent
let sending = Promise.resolve(); // the send awaiting its ack, if any

/** Sends a message; the ack ({id, ...} or {error}) comes once it is stored. */
function send(body) {
  sending = socket
    .timeout(10_000)
    .emitWithAck('message:send', { roomId: ROOM, body })
    .then((ack) => {
      if (ack.error) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      mine.add(ack.id);
      return ack;
    });
  return sending;
}

socket.on('connect_error', (err) => {
  log('connect_error', { message: err.message });
  if (!socket.active) fail(err.message); // refused (bad token): no retry
});

socket.on('error', (err) => fail(`${err.code}: ${err.message}`));

let greeted = false;
socket.on('connect', async () => {
  log('connected', { socketId: socket.id });
  socket.emit('room:join', { roomId: ROOM }); // again after a reconnect
  if (greeted) return;
  greeted = true;
  try {
    const ack = await send('hello, I am a seed agent');
    log('sent', { id: ack.id });
  } catch (err) {
    fail(err.message);
  }
});

let answered = false;
socket.on('message:new', async (m) => {
  await sending.catch(() => {}); // our own message may arrive before its ack
  if (m.roomId !== ROOM || mine.has(m.id) || answered) return;
  answered = true;
  log('received', { from: m.senderId, body: m.body });
  try {
    const ack = await send(`echo: ${m.body}`);
    log('answered', { id: ack.id });
    socket.disconnect(); // nothing left to wait for: node exits with 0
  } catch (err) {
    fail(err.message);
  }
});
