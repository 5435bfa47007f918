// docs/connect-your-agent.md shows the example agents verbatim: every code
// block preceded by `<!-- file: tests/e2e/examples/<name> -->` must equal
// that file byte for byte, and every file in tests/e2e/examples/ must be
// shown. The examples themselves run in examples.test.mjs, so what the page
// shows is what the e2e tests run. Needs no hub:
//   node --test tests/e2e/doc_examples.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const page = 'docs/connect-your-agent.md';

/** [{file, code}] for each `<!-- file: … -->` marker and the block after it. */
function shownFiles(markdown) {
  const out = [];
  const marker = /<!-- file: (\S+) -->\n+(`{3,})[^\n]*\n/g;
  for (let m; (m = marker.exec(markdown));) {
    const start = m.index + m[0].length;
    const end = markdown.indexOf(`\n${m[2]}\n`, start - 1);
    assert.ok(end >= 0, `${page}: the block for ${m[1]} is not closed`);
    out.push({ file: m[1], code: markdown.slice(start, end + 1) });
  }
  return out;
}

test(`${page} shows every example file verbatim`, () => {
  const shown = shownFiles(readFileSync(repo + page, 'utf8'));
  assert.ok(shown.length > 0, `${page} has no <!-- file: … --> blocks`);
  for (const { file, code } of shown) {
    const actual = readFileSync(repo + file, 'utf8');
    assert.equal(code, actual, `${page}: the block for ${file} differs from the file; copy the file into the page`);
  }
  const examples = readdirSync(repo + 'tests/e2e/examples').map((f) => `tests/e2e/examples/${f}`);
  const missing = examples.filter((f) => !shown.some((s) => s.file === f));
  assert.deepEqual(missing, [], `${page} does not show these examples`);
});
