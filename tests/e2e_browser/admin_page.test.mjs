// The admin page in headless Chromium against a live hub under load: log in
// with the admin API token, see the busy room with a non-zero rate in the
// rooms table, and keep a screenshot. Run by run.sh (through
// tests/e2e/run_e2e.sh, which sets HUB_HTTP, HUB_WS and ADMIN_TOKEN).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium } from 'playwright-core';
import WebSocket from 'ws';

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this file through tests/e2e_browser/run.sh`);
  return v;
}

const HUB_HTTP = env('HUB_HTTP');
const HUB_WS = env('HUB_WS');
const ADMIN_TOKEN = env('ADMIN_TOKEN');
const SCREENSHOT = env('ADMIN_SCREENSHOT');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function api(method, path, token, body) {
  const res = await fetch(HUB_HTTP + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sends `message:send` at ~20/s (under the 30/s limit) until stopped. */
function startTraffic(jwt, roomId) {
  const ws = new WebSocket(`${HUB_WS}/ws`, { headers: { Authorization: `Bearer ${jwt}` } });
  let timer = null;
  let sent = 0;
  let acked = 0;
  const ready = new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'connected') {
        timer = setInterval(() => {
          ws.send(JSON.stringify({
            type: 'message:send',
            ref: String(++sent),
            data: { roomId, body: `load ${sent}` },
          }));
        }, 50);
        resolve();
      } else if (frame.type === 'reply' && frame.ok) {
        ++acked;
      }
    });
    ws.on('error', reject);
  });
  return {
    ready,
    acked: () => acked,
    stop: () => {
      clearInterval(timer);
      ws.close();
    },
  };
}

let adminJwt;
let room;
let traffic;
let browser;

before(async () => {
  adminJwt = (await api('POST', '/api/v1/sessions', ADMIN_TOKEN)).token;
  const suffix = crypto.randomBytes(4).toString('hex');
  const agent = await api('POST', '/api/v1/agents', adminJwt, { name: `loadgen-${suffix}` });
  const token = (await api('POST', `/api/v1/agents/${agent.id}/tokens`, adminJwt, {})).token;
  const agentJwt = (await api('POST', '/api/v1/sessions', token)).token;
  room = await api('POST', '/api/v1/rooms', adminJwt, { slug: `busy-${suffix}` });
  await api('POST', `/api/v1/rooms/${room.id}/members`, adminJwt, { agentId: agent.id });
  traffic = startTraffic(agentJwt, room.id);
  await traffic.ready;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  traffic?.stop();
  await browser?.close();
});

test('the admin page shows the busy room with a non-zero rate', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

  const res = await page.goto(`${HUB_HTTP}/admin/`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
  await page.waitForSelector('#login-form', { state: 'visible' });

  // A wrong token is refused on the page itself.
  await page.fill('#token', 'agt_aaaaaaaa_wrong');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.includes('401'));

  await page.fill('#token', ADMIN_TOKEN);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#dashboard', { state: 'visible' });

  // The busy room appears with a rate above zero (reports come every second).
  const row = `#rooms tbody tr[data-room-slug="${room.slug}"]`;
  await page.waitForSelector(row, { timeout: 30_000 });
  await page.waitForFunction(
    (sel) => parseFloat(document.querySelector(`${sel} td.rate`)?.textContent) > 0,
    row,
    { timeout: 30_000 },
  );
  const rate = parseFloat(await page.textContent(`${row} td.rate`));
  assert.ok(rate > 0, `rate ${rate}`);
  assert.ok(parseInt(await page.textContent('#s-sessions'), 10) >= 1);
  // A few refreshes later the sparklines have some history to draw.
  await sleep(6000);
  assert.ok(traffic.acked() > 0, 'the load generator got acks');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`screenshot: ${SCREENSHOT}`);

  // Logging out forgets the session token.
  await page.click('#logout');
  await page.waitForSelector('#login-form', { state: 'visible' });
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);

  // The wrong token's 401 is the only expected console error.
  const unexpected = problems.filter((p) => !p.includes('401'));
  assert.deepEqual(unexpected, [], 'no script errors, CSP violations or failed requests');
});
