// The AgentHub admin page: logs in with an admin API token, then polls the
// admin API once a second and draws the numbers. No dependencies; served
// under CSP default-src 'self' (so no inline code or styles anywhere).
'use strict';

(() => {
  const REFRESH_MS = 1000;
  const HISTORY = 120; // sparkline points (two minutes at 1/s)
  const JWT_KEY = 'agenthub.admin.jwt';

  const $ = (id) => document.getElementById(id);
  const history = { rate: [], ack: [] };
  let timer = null;

  // --- session ------------------------------------------------------------

  function jwt() {
    return sessionStorage.getItem(JWT_KEY);
  }

  function showLogin(message) {
    clearTimeout(timer);
    timer = null;
    sessionStorage.removeItem(JWT_KEY);
    $('dashboard').hidden = true;
    $('logout').hidden = true;
    $('identity').textContent = '';
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    $('token').focus();
  }

  /** The `name` claim of the stored JWT (display only; the hub checks it). */
  function jwtName() {
    try {
      const part = jwt().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part)).name || '';
    } catch {
      return '';
    }
  }

  function showDashboard() {
    $('identity').textContent = `logged in as ${jwtName()}`;
    $('login-view').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    refresh();
  }

  async function login(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    $('login-error').textContent = '';
    let res;
    try {
      res = await fetch('/api/v1/sessions', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
    } catch (e) {
      $('login-error').textContent = `The hub is unreachable (${e.message}).`;
      return;
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const err = body && body.error ? `${body.error.code}: ${body.error.message}` : res.statusText;
      $('login-error').textContent = `Login failed (${res.status} ${err}).`;
      return;
    }
    if (!body.agent || body.agent.role !== 'admin') {
      $('login-error').textContent = 'This token belongs to an agent without the admin role.';
      return;
    }
    $('token').value = '';
    sessionStorage.setItem(JWT_KEY, body.token);
    showDashboard();
  }

  /** GET an admin route; throws {status, code, message} on failure. */
  async function api(path, method = 'GET') {
    const res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${jwt()}` },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const e = body && body.error ? body.error : { code: 'http', message: res.statusText };
      throw Object.assign(new Error(e.message), { status: res.status, code: e.code });
    }
    return body;
  }

  // --- rendering ----------------------------------------------------------

  const fmt = (x, digits = 1) => (typeof x === 'number' ? x.toFixed(digits) : '–');
  const int = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : '–');

  function duration(seconds) {
    const s = Math.floor(seconds);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${m}m`;
    return `${m}m ${s % 60}s`;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function renderSystem(s) {
    $('s-node').textContent = `${s.nodeId} (v${s.version})`;
    $('s-uptime').textContent = duration(s.uptimeSeconds);
    $('s-connections').textContent = int(s.connections);
    $('s-sessions').textContent = int(s.sessions);
    $('s-rooms').textContent = int(s.roomsActive);
    $('s-slow').textContent = int(s.slowConsumers);
    $('s-slow').parentElement.classList.toggle('alert', s.slowConsumers > 0);
    $('s-actors').textContent = int(s.actors.running);
    $('s-threads').textContent = `${s.scheduler.threads} / ${s.io.threads}`;
    $('s-pool').textContent = `${s.db.pool.inUse} / ${s.db.pool.size}`;
    const w = s.writer;
    $('w-queue').textContent = int(w.queueDepth);
    $('w-batch').textContent = `${w.batchSize.last} / ${fmt(w.batchSize.p50, 0)} / ${fmt(w.batchSize.p99, 0)}`;
    $('w-commit').textContent = `${fmt(w.commitLatencyMs.p50, 2)} / ${fmt(w.commitLatencyMs.p99, 2)}`;
    $('w-healthy').textContent = w.healthy ? 'yes' : 'NO';
    push(history.rate, s.messagesInPerSec['10s']);
    push(history.ack, s.ackLatencyMs.p99);
    $('c-rate-now').textContent = fmt(s.messagesInPerSec['10s']);
    $('c-ack-now').textContent = fmt(s.ackLatencyMs.p99, 2);
    sparkline($('chart-rate'), history.rate, '#2563eb');
    sparkline($('chart-ack'), history.ack, '#b45309');
  }

  function renderRooms(rooms) {
    const body = $('rooms').querySelector('tbody');
    body.replaceChildren();
    for (const r of rooms) {
      const tr = document.createElement('tr');
      tr.dataset.roomId = r.id;
      tr.dataset.roomSlug = r.slug;
      cell(tr, r.slug || r.id, 'slug');
      cell(tr, int(r.members));
      cell(tr, int(r.online));
      cell(tr, int(r.lastSeq));
      cell(tr, int(r.queueDepth), 'queue');
      cell(tr, fmt(r.messagesInPerSec['10s']), 'rate');
      cell(tr, fmt(r.messagesInPerSec['1m']));
      cell(tr, fmt(r.deliveriesOutPerSec['10s']));
      cell(tr, int(r.slowConsumers));
      cell(tr, fmt(r.idleSeconds, 0));
      cell(tr, r.stale ? 'stale' : 'live', r.stale ? 'stale' : 'live');
      body.appendChild(tr);
    }
  }

  function renderSlow(sessions) {
    const slow = sessions
      .filter((s) => s.paused || s.behindRooms.length > 0 || s.outboundQueueBytes > 0)
      .sort((a, b) => b.outboundQueueBytes - a.outboundQueueBytes)
      .slice(0, 10);
    const body = $('slow').querySelector('tbody');
    body.replaceChildren();
    for (const s of slow) {
      const tr = document.createElement('tr');
      tr.dataset.sessionId = s.id;
      cell(tr, s.agentName);
      cell(tr, s.framing);
      cell(tr, s.remoteAddress);
      cell(tr, int(s.outboundQueueBytes));
      cell(tr, int(s.behindRooms.length));
      cell(tr, fmt(s.eventsPerSec));
      cell(tr, int(s.rateLimitHits));
      const td = cell(tr, '');
      const kick = document.createElement('button');
      kick.type = 'button';
      kick.className = 'danger';
      kick.textContent = 'Kick';
      kick.addEventListener('click', () => kickSession(s));
      td.appendChild(kick);
      body.appendChild(tr);
    }
    $('slow').hidden = slow.length === 0;
    $('slow-empty').hidden = slow.length > 0;
  }

  async function kickSession(s) {
    if (!window.confirm(`Kick ${s.agentName}'s ${s.framing} session from ${s.remoteAddress}?`)) return;
    try {
      await api(`/admin/sessions/${encodeURIComponent(s.id)}`, 'DELETE');
    } catch (e) {
      $('status').textContent = `Kick failed: ${e.code}: ${e.message}`;
    }
  }

  // --- sparklines ---------------------------------------------------------

  function push(series, value) {
    series.push(typeof value === 'number' ? value : 0);
    if (series.length > HISTORY) series.shift();
  }

  /** Draws `series` as a line scaled to its own maximum. */
  function sparkline(canvas, series, color) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width;
    const h = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
    if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const max = Math.max(1e-9, ...series);
    // The first half minute fills the chart from the right at a readable
    // pace; after that the whole history is squeezed in.
    const step = w / (Math.max(30, series.length) - 1);
    const x0 = w - step * (series.length - 1);
    const y = (v) => h - 4 - (v / max) * (h - 12);
    g.beginPath();
    series.forEach((v, i) => (i === 0 ? g.moveTo(x0, y(v)) : g.lineTo(x0 + i * step, y(v))));
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.stroke();
    // A light area under the line.
    g.lineTo(w, h);
    g.lineTo(x0, h);
    g.closePath();
    g.globalAlpha = 0.12;
    g.fillStyle = color;
    g.fill();
    g.globalAlpha = 1;
    g.fillStyle = '#6b7785';
    g.font = '10px system-ui, sans-serif';
    g.fillText(`max ${max < 1e-6 ? 0 : max.toFixed(max < 10 ? 2 : 0)}`, 4, 10);
  }

  // --- the refresh loop ---------------------------------------------------

  async function refresh() {
    timer = null;
    if (!jwt()) return showLogin();
    try {
      const [system, rooms, sessions] = await Promise.all([
        api('/admin/system'),
        api('/admin/rooms?sort=rate&limit=10'),
        api('/admin/sessions?limit=200'),
      ]);
      renderSystem(system);
      renderRooms(rooms.rooms);
      renderSlow(sessions.sessions);
      $('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        return showLogin(`Logged out: ${e.code}: ${e.message}`);
      }
      $('status').textContent = `Refresh failed: ${e.code || 'network'}: ${e.message}`;
    }
    if (!$('dashboard').hidden) timer = setTimeout(refresh, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', () => showLogin('Logged out.'));
    if (jwt()) showDashboard();
    else showLogin();
  });
})();
