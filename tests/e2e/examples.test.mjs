// The example agents of docs/connect-your-agent.md (tests/e2e/examples/),
// run unmodified against a real hub: each gets only the hub's URL (argv),
// its session JWT and a room (env), as a user would run it.
//
// seed_agent.mjs is issue 4's acceptance: a script written for the seed's
// Node AgentHub with nothing but socket.io-client.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  HUB_HTTP, newAgent, roomWith, storedMessages, sioConnect, ack, withTimeout,
  createAgent, issueToken,
} from './helpers.mjs';

const sockets = [];
after(() => {
  for (const s of sockets) s.close();
});

const exampleFile = (name) => fileURLToPath(new URL(`./examples/${name}`, import.meta.url));

/**
 * Runs examples/<name> with the hub URL as its only argument and nothing of
 * this test's environment but PATH. Resolves {code, lines} (stdout parsed as
 * JSON lines) when it exits; `onLine` sees each line as it comes.
 */
function runExample(name, env, onLine = () => {}) {
  const child = spawn(process.execPath, [exampleFile(name), HUB_HTTP], {
    cwd: fileURLToPath(new URL('./examples/', import.meta.url)),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) >= 0;) {
      const line = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, lines, stderr }));
  });
  return { child, lines, exited };
}

/**
 * The conversation every example has: it says hello, a socket.io peer
 * answers `ping`, the example echoes it and exits 0. Returns the example's
 * output lines and the peer's view.
 */
async function converse(example, exampleAgent, peer, room) {
  const p = await sioConnect(peer.jwt);
  sockets.push(p);
  const run = runExample(example, { AGENT_JWT: exampleAgent.jwt, ROOM: room.id });
  try {
    const hello = await withTimeout(
      p.events.waitFor('message:new', (m) => m.senderId === exampleAgent.id && m.roomId === room.id, 20_000),
      25_000, `${example}'s hello (output: ${JSON.stringify(run.lines)})`);
    const ping = await ack(p, 'message:send', { roomId: room.id, body: 'ping' });
    assert.equal(ping.error, undefined, JSON.stringify(ping.error));
    const echo = await p.events.waitFor('message:new', (m) => m.senderId === exampleAgent.id && m.seq > ping.seq, 20_000);
    assert.equal(echo.body, 'echo: ping');
    const done = await withTimeout(run.exited, 15_000, `${example} to exit`);
    assert.deepEqual([done.code, done.signal], [0, null], `${example}: ${JSON.stringify(done.lines)} ${done.stderr}`);
    assert.ok(!done.lines.some((l) => l.what === 'failed'), JSON.stringify(done.lines));
    return { hello, ping, echo, lines: done.lines };
  } finally {
    if (run.child.exitCode === null) run.child.kill();
  }
}

test('acceptance: the seed-style socket.io-client agent works with only the URL given', async () => {
  const [seed, peer] = [await newAgent('seed'), await newAgent('peer')];
  const room = await roomWith(peer, seed);
  const { hello, ping, echo, lines } = await converse('seed_agent.mjs', seed, peer, room);
  assert.equal(hello.body, 'hello, I am a seed agent');
  assert.ok(lines.some((l) => l.what === 'sent' && l.id === hello.id));
  assert.ok(lines.some((l) => l.what === 'received' && l.from === peer.id && l.body === 'ping'));
  assert.deepEqual((await storedMessages(room.id)).map((m) => [m.seq, m.senderId, m.body]), [
    [1, seed.id, 'hello, I am a seed agent'],
    [2, peer.id, 'ping'],
    [3, seed.id, 'echo: ping'],
  ]);
  assert.equal(echo.seq, ping.seq + 1);
});

test('the MCP SDK agent lists the tools, sends, is woken by wait_for_messages and answers', async () => {
  const [agent, peer] = [await newAgent('mcp-example'), await newAgent('peer')];
  const room = await roomWith(peer, agent);
  const { hello, lines } = await converse('mcp_agent.mjs', agent, peer, room);
  assert.equal(hello.body, 'hello, I am an MCP agent');
  const tools = lines.find((l) => l.what === 'tools');
  assert.deepEqual([...tools.names].sort(),
    ['join_room', 'leave_room', 'list_rooms', 'read_messages', 'send_message', 'wait_for_messages']);
  assert.deepEqual((await storedMessages(room.id)).map((m) => [m.seq, m.senderId, m.body]), [
    [1, agent.id, 'hello, I am an MCP agent'],
    [2, peer.id, 'ping'],
    [3, agent.id, 'echo: ping'],
  ]);
});

test('the plain ws agent joins, sends and answers', async () => {
  const [agent, peer] = [await newAgent('ws-example'), await newAgent('peer')];
  const room = await roomWith(peer, agent);
  const { hello, lines } = await converse('ws_agent.mjs', agent, peer, room);
  assert.equal(hello.body, 'hello, I am a ws agent');
  assert.ok(lines.some((l) => l.what === 'joined' && l.roomId === room.id && l.lastSeq === 0));
  assert.deepEqual((await storedMessages(room.id)).map((m) => [m.seq, m.senderId, m.body]), [
    [1, agent.id, 'hello, I am a ws agent'],
    [2, peer.id, 'ping'],
    [3, agent.id, 'echo: ping'],
  ]);
});

test('a refused token makes the seed agent stop with an error instead of retrying', async () => {
  const run = runExample('seed_agent.mjs', { AGENT_JWT: 'not-a-jwt', ROOM: '00000000-0000-0000-0000-000000000000' });
  const done = await withTimeout(run.exited, 15_000, 'seed_agent.mjs to give up');
  assert.equal(done.code, 1);
  assert.equal(done.lines.at(-1).what, 'failed');
});

test('session.sh turns an API token into a session JWT with curl', async (t) => {
  const curl = await promisify(execFile)('sh', ['-c', 'command -v curl']).catch(() => null);
  if (!curl) return t.skip('curl is not installed');
  const agent = await createAgent(`curl-${Date.now()}`);
  const apiToken = await issueToken(agent.id);
  const { stdout } = await promisify(execFile)('sh', [exampleFile('session.sh'), HUB_HTTP], {
    env: { PATH: process.env.PATH, AGENT_TOKEN: apiToken },
  });
  const jwt = stdout.trim();
  assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const s = await sioConnect(jwt);
  sockets.push(s);
  assert.equal(s.hello.agentId, agent.id);
  await assert.rejects(promisify(execFile)('sh', [exampleFile('session.sh'), HUB_HTTP], {
    env: { PATH: process.env.PATH, AGENT_TOKEN: 'agt_wrong' },
  }), 'a refused API token fails the script');
});
