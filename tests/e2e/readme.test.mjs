// The README's "A first session with curl" block, run as written against a
// real hub: only the placeholder admin token and the address
// (http://localhost:3000) are replaced. Runs under run_e2e.sh (HUB_HTTP,
// ADMIN_TOKEN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The first ```sh block after the walk-through heading. */
function walkthroughBlock() {
  const readme = readFileSync(repo + 'README.md', 'utf8');
  const heading = readme.indexOf('## A first session with curl');
  assert.ok(heading >= 0, 'README.md has no "A first session with curl"');
  const start = readme.indexOf('```sh\n', heading);
  assert.ok(start >= 0, 'the walk-through has no ```sh block');
  const end = readme.indexOf('\n```\n', start);
  return readme.slice(start + 6, end + 1);
}

test('the README curl walk-through works verbatim', () => {
  const block = walkthroughBlock();
  assert.match(block, /^ADMIN_TOKEN=agt_\.\.\./m);
  const script = block
    .replace(/^ADMIN_TOKEN=agt_\.\.\..*$/m, '')
    .replaceAll('http://localhost:3000', process.env.HUB_HTTP)
    + '\necho "AGENT_TOKEN_PREFIX=${AGENT_TOKEN:0:4}"\n';
  const run = spawnSync('bash', ['-c', script], {
    env: { ...process.env, ADMIN_TOKEN: process.env.ADMIN_TOKEN },
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  // agents/me of the new agent, then health, readiness and metrics.
  assert.match(out, /"name":"researcher"/);
  assert.match(out, /"role":"agent"/);
  assert.match(out, /"status":"ok"/);
  assert.match(out, /"status":"ready"/);
  assert.match(out, /^# (HELP|TYPE) agenthub_/m);
  assert.match(out, /^AGENT_TOKEN_PREFIX=agt_$/m);
});
