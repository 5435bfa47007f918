// Shared helpers of the end-to-end tests: REST set-up through fetch, and
// thin wrappers around the real third-party clients (ws, socket.io-client,
// @modelcontextprotocol/sdk). Run by tests/e2e/run_e2e.sh, which sets
// HUB_HTTP, HUB_WS, ADMIN_TOKEN and JWT_SECRET.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this file through tests/e2e/run_e2e.sh`);
  return v;
}

export const HUB_HTTP = env('HUB_HTTP');
export const HUB_WS = env('HUB_WS');
export const ADMIN_TOKEN = env('ADMIN_TOKEN');
export const JWT_SECRET = env('JWT_SECRET');

/** Default wait for something that should happen promptly. */
export const WAIT_MS = 10_000;

export { sleep };

/** A unique slug for this run: `${prefix}-<8 hex>`. */
export function uniq(prefix) {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Rejects after `ms` with a message naming what was awaited. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// --- REST ------------------------------------------------------------------

/** One REST call; returns {status, body, headers}. */
export async function api(method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(HUB_HTTP + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Like api(), but asserts the status and returns the body. */
export async function apiOk(method, path, opts = {}, expected = [200, 201]) {
  const r = await api(method, path, opts);
  const want = Array.isArray(expected) ? expected : [expected];
  assert.ok(want.includes(r.status),
    `${method} ${path}: expected ${want.join('/')}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Exchanges an API token (agt_…) for a session JWT. */
export async function login(apiToken) {
  const body = await apiOk('POST', '/api/v1/sessions', { token: apiToken }, 200);
  assert.equal(typeof body.token, 'string');
  return body.token;
}

let adminJwtCache;
/** The bootstrap admin's session JWT (logged in once per file). */
export async function adminJwt() {
  adminJwtCache ??= login(ADMIN_TOKEN);
  return adminJwtCache;
}

export async function createAgent(name, { role = 'agent', displayName } = {}) {
  return apiOk('POST', '/api/v1/agents', {
    token: await adminJwt(),
    body: { name, role, ...(displayName ? { displayName } : {}) },
  }, 201);
}

export async function issueToken(agentId) {
  const body = await apiOk('POST', `/api/v1/agents/${agentId}/tokens`, {
    token: await adminJwt(),
    body: { name: 'e2e', expiresInDays: 1 },
  }, 201);
  return body.token;
}

/**
 * Creates an agent, issues its API token and logs it in. Logins count
 * against the hub's 100/min per-IP limit: keep a file under ~60 agents.
 */
export async function newAgent(prefix = 'agent') {
  const agent = await createAgent(uniq(prefix));
  const apiToken = await issueToken(agent.id);
  const jwt = await login(apiToken);
  return { id: agent.id, name: agent.name, apiToken, jwt };
}

/** Creates a room as `jwt` (its agent becomes the owner). */
export async function createRoom(jwt, { slug = uniq('room'), isPublic = false, name } = {}) {
  return apiOk('POST', '/api/v1/rooms', {
    token: jwt,
    body: { slug, isPublic, ...(name ? { name } : {}) },
  }, 201);
}

/** Adds `agentId` to the room (as the owner `jwt`, or the admin). */
export async function addMember(jwt, roomId, agentId) {
  return apiOk('POST', `/api/v1/rooms/${roomId}/members`, { token: jwt, body: { agentId } }, [200, 201]);
}

/** A private room owned by the first agent with every agent as member. */
export async function roomWith(owner, ...others) {
  const room = await createRoom(owner.jwt);
  for (const o of others) await addMember(owner.jwt, room.id, o.id);
  return room;
}

/** Every stored message of a room, through REST as the admin. */
export async function storedMessages(roomId) {
  const jwt = await adminJwt();
  const out = [];
  let after = 0;
  for (;;) {
    const page = await apiOk('GET', `/api/v1/rooms/${roomId}/messages?limit=200&afterSeq=${after}`, { token: jwt }, 200);
    out.push(...page.messages);
    if (page.nextCursor === null) return out;
    after = page.nextCursor;
  }
}

/** An HS256 session JWT signed with JWT_SECRET, with the hub's kid. */
export function forgeJwt(claims) {
  const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
  const kid = crypto.createHmac('sha256', JWT_SECRET).update('agenthub-jwt-kid').digest().subarray(0, 8).toString('hex');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: claims.sub,
    role: claims.role ?? 'agent',
    name: claims.name,
    iat: claims.iat ?? now,
    exp: claims.exp ?? now + 600,
    jti: claims.jti ?? crypto.randomUUID(),
  };
  const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(payload)}`;
  const sig = crypto.createHmac('sha256', JWT_SECRET).update(signingInput).digest('base64url');
  return `${signingInput}.${sig}`;
}

// --- an event queue shared by the client wrappers -------------------------------

/**
 * Records events ({type, data}) as they arrive. waitFor() consumes the first
 * unconsumed match (or waits for one); log keeps everything for assertions
 * that something did NOT happen.
 */
export class EventQueue {
  constructor() {
    this.log = [];
    this.pending = [];
    this.waiters = [];
  }

  push(type, data) {
    const ev = { type, data, at: Date.now() };
    this.log.push(ev);
    const i = this.waiters.findIndex((w) => w.types.includes(type) && w.pred(data, type));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      clearTimeout(w.timer);
      w.resolve(w.tagged ? { type, data } : data);
    } else {
      this.pending.push(ev);
    }
  }

  waitFor(type, pred = () => true, timeout = WAIT_MS) {
    return this.#wait([type], pred, timeout, false);
  }

  /** Waits for the first event of any of `types`; resolves {type, data}. */
  waitForFirst(types, timeout = WAIT_MS) {
    return this.#wait(types, () => true, timeout, true);
  }

  #wait(types, pred, timeout, tagged) {
    const i = this.pending.findIndex((e) => types.includes(e.type) && pred(e.data, e.type));
    if (i >= 0) {
      const [e] = this.pending.splice(i, 1);
      return Promise.resolve(tagged ? { type: e.type, data: e.data } : e.data);
    }
    return new Promise((resolve, reject) => {
      const w = { types, pred, resolve, tagged };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out after ${timeout} ms waiting for '${types.join("' or '")}'`));
      }, timeout);
      this.waiters.push(w);
    });
  }

  /** Records an entry in the log only (e.g. a reply, for ordering checks). */
  mark(type, data) {
    this.log.push({ type, data, at: Date.now() });
  }

  /** Waits for `n` events of `type` matching `pred`, in arrival order. */
  async take(type, n, pred = () => true, timeout = WAIT_MS) {
    const out = [];
    const deadline = Date.now() + timeout;
    while (out.length < n) out.push(await this.waitFor(type, pred, Math.max(1, deadline - Date.now())));
    return out;
  }

  /** Every event of `type` received so far (consumed or not). */
  all(type, pred = () => true) {
    return this.log.filter((e) => e.type === type && pred(e.data)).map((e) => e.data);
  }
}

// --- /ws: the `ws` package ------------------------------------------------------

/** A /ws JSON client: request() by ref, events in an EventQueue. */
export class WsClient {
  constructor(ws) {
    this.ws = ws;
    this.events = new EventQueue();
    this.replies = new Map();
    this.nextRef = 1;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        for (const p of this.replies.values()) p.reject(new Error(`connection closed (${code}) before the reply`));
        this.replies.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', (err) => this.events.push('socket-error', err));
    ws.on('message', (raw, isBinary) => {
      assert.equal(isBinary, false, 'the hub sends text frames only');
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'reply') {
        const p = this.replies.get(msg.ref);
        if (!p) return this.events.push('stray-reply', msg); // a ref sent with sendRaw()
        this.replies.delete(msg.ref);
        this.events.mark('reply', msg);
        p.resolve(msg);
      } else if (msg.type === 'error') {
        this.events.push('error', msg.error);
      } else {
        this.events.push(msg.type, msg.data);
      }
    });
  }

  /**
   * Opens /ws with `Authorization: Bearer jwt`; resolves once `connected`
   * arrived (its data is in `.hello`).
   */
  static async connect(jwt, { path = '/ws', headers = {}, waitConnected = true } = {}) {
    const ws = new WebSocket(HUB_WS + path, { headers: { Authorization: `Bearer ${jwt}`, ...headers } });
    const c = new WsClient(ws);
    await withTimeout(new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    }), WAIT_MS, 'the WebSocket to open');
    if (waitConnected) c.hello = await c.events.waitFor('connected');
    return c;
  }

  /** Sends {type, ref, data}; resolves with the whole reply envelope. */
  request(type, data, timeout = WAIT_MS) {
    const ref = String(this.nextRef++);
    const p = new Promise((resolve, reject) => this.replies.set(ref, { resolve, reject }));
    this.ws.send(JSON.stringify(data === undefined ? { type, ref } : { type, ref, data }));
    return withTimeout(p, timeout, `the reply to ${type} (ref ${ref})`);
  }

  /** request() that asserts ok:true and returns reply.data. */
  async call(type, data) {
    const r = await this.request(type, data);
    assert.equal(r.ok, true, `${type} failed: ${JSON.stringify(r.error)}`);
    return r.data;
  }

  sendRaw(text) {
    this.ws.send(text);
  }

  /** Waits for message:new in `roomId` with `seq`. */
  waitMessage(roomId, seq, timeout) {
    return this.events.waitFor('message:new', (m) => m.roomId === roomId && m.seq === seq, timeout);
  }

  async close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return withTimeout(this.closed, WAIT_MS, 'the WebSocket to close');
  }
}

/**
 * Attempts an upgrade expected to be refused; resolves with
 * {status, body, headers} of the HTTP answer.
 */
export function refusedUpgrade(url, headers = {}) {
  return withTimeout(new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => {}); // 'unexpected-response' carries the answer
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        let parsed = body;
        try { parsed = JSON.parse(body); } catch { /* keep text */ }
        resolve({ status: res.statusCode, body: parsed, headers: res.headers });
        ws.terminate();
      });
    });
  }), WAIT_MS, 'the refused upgrade');
}

// --- Socket.IO: socket.io-client ---------------------------------------------

/**
 * A socket.io-client socket on namespace /agents (websocket transport only).
 * Every event (including connect/connect_error/disconnect) is recorded in
 * `socket.events` (an EventQueue). `token` goes into `auth` unless null.
 */
export function sioSocket(token, opts = {}, url = `${HUB_HTTP}/agents`) {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    ...(token ? { auth: { token } } : {}),
    ...opts,
  });
  const events = new EventQueue();
  socket.events = events;
  socket.onAny((name, ...args) => events.push(name, args.length > 1 ? args : args[0]));
  socket.on('connect', () => events.push('connect', socket.id));
  socket.on('connect_error', (err) => events.push('connect_error', err));
  socket.on('disconnect', (reason) => events.push('disconnect', reason));
  return socket;
}

/** sioSocket() that resolves once `connected` arrived (in `.hello`). */
export async function sioConnect(token, opts = {}, url) {
  const socket = sioSocket(token, opts, url);
  const first = await socket.events.waitForFirst(['connected', 'connect_error']);
  if (first.type === 'connect_error') {
    socket.close();
    throw new Error(`connect_error: ${first.data.message} ${JSON.stringify(first.data.data)}`);
  }
  socket.hello = first.data;
  return socket;
}

/** emitWithAck with a timeout (socket.io-client's own). */
export function ack(socket, event, data, timeout = WAIT_MS) {
  return socket.timeout(timeout).emitWithAck(event, data);
}

// --- MCP: @modelcontextprotocol/sdk ------------------------------------------------

export const MCP_URL = new URL('/mcp', HUB_HTTP);

/** Client + StreamableHTTPClientTransport with a static bearer JWT. */
export async function mcpConnect(jwt, { sessionId } = {}) {
  const transport = new StreamableHTTPClientTransport(MCP_URL, {
    requestInit: { headers: { Authorization: `Bearer ${jwt}` } },
    ...(sessionId ? { sessionId } : {}),
  });
  const client = new Client({ name: 'agenthub-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}
