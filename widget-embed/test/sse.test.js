import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../src/app/sse.js';

const STREAM = 'event:sources\ndata:{"sources":[{"n":1,"title":"Backup – ünïcødé 🎉"}]}\n\n'
  + ': a comment\r\n'
  + 'event: delta\r\ndata: {"text":"Hello "}\r\n\r\n'
  + 'event:delta\rdata:{"text":"wörld 🌍"}\r\r'
  + 'id: 7\nretry: 1000\nevent:delta\ndata:line one\ndata:line two\ndata\n\n'
  + 'event:done\ndata:{"messageId":"m-1"}\n\n';

const EXPECTED = [
  ['sources', '{"sources":[{"n":1,"title":"Backup – ünïcødé 🎉"}]}'],
  ['delta', '{"text":"Hello "}'],
  ['delta', '{"text":"wörld 🌍"}'],
  ['delta', 'line one\nline two\n'],
  ['done', '{"messageId":"m-1"}'],
];

function parse(chunks) {
  const events = [];
  const p = new SseParser((e, d) => events.push([e, d]));
  for (const c of chunks) p.feed(c);
  p.end();
  return events;
}

test('parses a whole stream', () => {
  assert.deepEqual(parse([new TextEncoder().encode(STREAM)]), EXPECTED);
});

test('chunks split at every byte boundary, inside UTF-8 characters and CRLF pairs', () => {
  const bytes = new TextEncoder().encode(STREAM);
  for (let i = 1; i < bytes.length; i++) {
    assert.deepEqual(parse([bytes.slice(0, i), bytes.slice(i)]), EXPECTED, `split at ${i}`);
  }
});

test('one byte at a time, and random chunk sizes', () => {
  const bytes = new TextEncoder().encode(STREAM);
  assert.deepEqual(parse([...bytes].map((b) => Uint8Array.of(b))), EXPECTED);
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let run = 0; run < 200; run++) {
    const chunks = [];
    for (let i = 0; i < bytes.length;) {
      const n = 1 + Math.floor(rnd() * 9);
      chunks.push(bytes.slice(i, i + n));
      i += n;
    }
    assert.deepEqual(parse(chunks), EXPECTED);
  }
});

test('an event without its blank line at the end is dropped; events without data are not dispatched', () => {
  assert.deepEqual(parse(['event:ping\n\n', 'event:delta\ndata:x\n\n', 'event:delta\ndata:partial']), [['delta', 'x']]);
});

test('an event without a name is a "message"', () => {
  assert.deepEqual(parse(['data: hi\n\n']), [['message', 'hi']]);
});
