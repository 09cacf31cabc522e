import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accept, msg } from '../src/shared/protocol.js';

const PARLEY = 'https://parley.example';
const frameWindow = { name: 'the iframe' };
const otherWindow = { name: 'a sibling frame' };
const handlers = { READY() {}, CLOSE() {}, UNREAD() {} };
const ev = (data, origin = PARLEY, source = frameWindow) => ({ data, origin, source });

test('a message from the right origin and window, version 1, handled type is accepted', () => {
  assert.deepEqual(accept(ev(msg('READY', { bot: 'pk_x' })), PARLEY, frameWindow, handlers), { bot: 'pk_x', v: 1, type: 'READY' });
  assert.ok(accept(ev({ v: 1, type: 'UNREAD', count: 2 }), PARLEY, frameWindow, handlers));
});

test('wrong origin, wrong source, wrong version, unknown type: ignored', () => {
  const cases = [
    ev({ v: 1, type: 'READY' }, 'https://evil.example'),
    ev({ v: 1, type: 'READY' }, 'https://parley.example.evil.example'),
    ev({ v: 1, type: 'READY' }, 'http://parley.example'),
    ev({ v: 1, type: 'READY' }, 'https://parley.example:444'),
    ev({ v: 1, type: 'READY' }, 'null'),
    ev({ v: 1, type: 'READY' }, PARLEY, otherWindow),
    ev({ v: 1, type: 'READY' }, PARLEY, null),
    ev({ v: 2, type: 'READY' }),
    ev({ v: '1', type: 'READY' }),
    ev({ type: 'READY' }),
    ev({ v: 1, type: 'HACK' }),
    ev({ v: 1, type: 'OPEN' }), // a real type, but not one this receiver handles
    ev({ v: 1, type: 'constructor' }),
    ev({ v: 1, type: '__proto__' }),
    ev({ v: 1, type: 'toString' }),
    ev({ v: 1 }),
    ev('{"v":1,"type":"READY"}'),
    ev(null),
    ev(undefined),
  ];
  for (const c of cases) assert.equal(accept(c, PARLEY, frameWindow, handlers), null, JSON.stringify(c));
});

test('nothing is accepted before the receiver knows whom it talks to', () => {
  assert.equal(accept(ev({ v: 1, type: 'READY' }), '', frameWindow, handlers), null);
  assert.equal(accept(ev({ v: 1, type: 'READY' }), PARLEY, null, handlers), null);
  assert.equal(accept(ev({ v: 1, type: 'READY' }, PARLEY, undefined), PARLEY, undefined, handlers), null);
});

test('msg stamps the version and type over any fields', () => {
  assert.deepEqual(msg('UNREAD', { count: 3, v: 9, type: 'X' }), { count: 3, v: 1, type: 'UNREAD' });
});
