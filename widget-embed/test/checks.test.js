import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BUDGETS, checkAssets, findSecrets } from '../scripts/checks.mjs';

const small = (s) => Buffer.from(s);

test('secret-looking strings are found', () => {
  for (const s of ['const k="prly_AbC123"', 'key: sk-proj-abcdefghijklmnopqrstuv', '-----BEGIN PRIVATE KEY-----', 'AKIAABCDEFGHIJKLMNOP',
    'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ2aXNpdG9yIn0.sig', 'apiKey = "0123456789abcdef"']) {
    assert.ok(findSecrets(s).length > 0, s);
  }
});

test('ordinary code is not a secret', () => {
  for (const s of ['task-list', 'mask-image', 'desk-top', 'data-bot="pk_live_123"', 'const prly = 1', 'Authorization: "Bearer " + token']) {
    assert.deepEqual(findSecrets(s), [], s);
  }
});

test('assets over budget or with a secret fail the build', () => {
  assert.deepEqual(checkAssets({ loader: small('x'), app: small('y'), css: small('z') }), []);
  const big = randomBytes(BUDGETS.loader * 2); // random bytes do not compress
  assert.match(checkAssets({ loader: big, app: small('y'), css: small('z') }).join(), /embed\.js is \d+ B gzipped, over its budget/);
  const bigApp = randomBytes(BUDGETS.app);
  assert.match(checkAssets({ loader: small('x'), app: bigApp, css: small('z'.repeat(100)) }).join(), /chat app \(JS \+ CSS\)/);
  assert.match(checkAssets({ loader: small('x'), app: small('"prly_abc"'), css: small('z') }).join(), /app contains a Parley API key/);
});
