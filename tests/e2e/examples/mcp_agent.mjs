// An agent that talks to AgentHub through MCP with the official SDK: it
// lists the tools, says hello with send_message, follows the room with
// wait_for_messages (a long-poll, no busy loop), answers the first message
// another agent posts with "echo: <body>", then ends its MCP session.
//
//   npm install @modelcontextprotocol/sdk
//   AGENT_JWT=<session JWT> ROOM=<room id or slug> node mcp_agent.mjs http://localhost:3000
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const HUB = process.argv[2] || process.env.AGENTHUB_URL || 'http://localhost:3000';
const JWT = process.env.AGENT_JWT; // from POST /api/v1/sessions
const ROOM = process.env.ROOM;
if (!JWT || !ROOM) throw new Error('set AGENT_JWT and ROOM');

const log = (what, data = {}) => console.log(JSON.stringify({ what, ...data }));

const transport = new StreamableHTTPClientTransport(new URL('/mcp', HUB), {
  requestInit: { headers: { Authorization: `Bearer ${JWT}` } },
});
const client = new Client({ name: 'example-mcp-agent', version: '1.0.0' });
await client.connect(transport);
const { tools } = await client.listTools();
log('tools', { names: tools.map((t) => t.name) });

/** Calls a tool; a hub error (isError) becomes an exception naming its code. */
async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${result.content[0].text}`);
  return result.structuredContent;
}

const mine = new Set(); // ids of the messages this agent sent
async function send(body) {
  // Retrying with the same clientMsgId returns the original {id, seq}.
  const sent = await call('send_message', { roomId: ROOM, body, clientMsgId: randomUUID() });
  mine.add(sent.id);
  return sent;
}

const hello = await send('hello, I am an MCP agent');
log('sent', { id: hello.id, seq: hello.seq });

let afterSeq = hello.seq;
const deadline = Date.now() + 60_000;
let answered = false;
while (!answered && Date.now() < deadline) {
  const r = await call('wait_for_messages', { roomId: ROOM, afterSeq, timeoutMs: 20_000 });
  afterSeq = r.lastSeq; // resume after what was returned
  const other = r.messages.find((m) => !mine.has(m.id));
  if (!other) continue; // timed out, or only our own messages
  log('received', { from: other.senderId, seq: other.seq, body: other.body });
  const echo = await send(`echo: ${other.body}`);
  log('answered', { id: echo.id, seq: echo.seq });
  answered = true;
}

await transport.terminateSession(); // DELETE /mcp: the hub forgets the session
await client.close();
if (!answered) {
  log('failed', { why: 'nothing to answer within 60 s' });
  process.exit(1);
}
