import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, tick, windowAt } from './bundle.js';

const code = await bundle('loader/index.js');

/** Runs the loader on a host page; `config` is what Parley answers to its config request (a status code: that error). */
async function load(attrs = {}, config = { color: '#0f766e', position: 'right' }) {
  const { w, roots } = windowAt('https://site.example/page');
  const fetched = [];
  w.fetch = async (url) => {
    fetched.push(url);
    const status = typeof config === 'number' ? config : 200;
    return { ok: status === 200, status, json: async () => (status === 200 ? config : { error: 'There is no such assistant here.' }) };
  };
  // jsdom gives iframes inside a shadow root no window: lend the Parley iframe one from the page
  const frameWindow = w.document.body.appendChild(w.document.createElement('iframe')).contentWindow;
  const otherWindow = w.document.body.appendChild(w.document.createElement('iframe')).contentWindow;
  const create = w.document.createElement.bind(w.document);
  w.document.createElement = (tag) => {
    const e = create(tag);
    if (tag === 'iframe') Object.defineProperty(e, 'contentWindow', { get: () => frameWindow });
    return e;
  };
  const s = w.document.createElement('script');
  s.src = 'https://parley.example/embed.js';
  s.dataset.bot = 'pk_test';
  Object.assign(s.dataset, attrs);
  w.document.head.appendChild(s);
  Object.defineProperty(w.document, 'currentScript', { configurable: true, get: () => s });
  w.eval(code);
  Object.defineProperty(w.document, 'currentScript', { configurable: true, get: () => null });
  await tick(5);
  const host = w.document.querySelector('parley-launcher');
  const css = () => [...roots[0].adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join('\n');
  return { w, host, root: roots[0], css, otherWindow, fetched };
}

const send = (w, data, origin, source) => w.dispatchEvent(new w.MessageEvent('message', { data, origin, source }));

test('draws the launcher in a shadow root and creates no iframe until opened', async () => {
  const { w, host, root } = await load();
  assert.ok(host);
  assert.equal(host.parentNode, w.document.documentElement, 'outside <body>, which a page may re-render');
  assert.equal(host.shadowRoot, null, 'closed shadow root');
  assert.match(host.getAttribute('style'), /all: initial ?!important/);
  const button = root.querySelector('button');
  assert.equal(button.getAttribute('aria-label'), 'Chat');
  assert.equal(button.getAttribute('aria-expanded'), 'false');
  assert.equal(root.querySelector('iframe'), null);
  assert.ok(!root.querySelector('.p').classList.contains('o'), 'the panel starts closed');
  assert.equal(typeof w.Parley.open, 'function');
});

test('opens the iframe at Parley\'s origin with bot, host origin and page language', async () => {
  const { w, root } = await load();
  const opened = [];
  w.Parley.on('open', () => opened.push(1));
  w.Parley.open();
  const frame = root.querySelector('iframe');
  const url = new URL(frame.src);
  assert.equal(url.origin + url.pathname, 'https://parley.example/widget/frame');
  assert.equal(url.searchParams.get('bot'), 'pk_test');
  assert.equal(url.searchParams.get('host'), 'https://site.example');
  assert.equal(url.searchParams.get('lang'), 'de');
  assert.match(frame.getAttribute('sandbox'), /allow-scripts allow-same-origin/);
  assert.doesNotMatch(frame.getAttribute('sandbox'), /allow-top-navigation/);
  assert.ok(root.querySelector('.p').classList.contains('o'));
  assert.equal(root.querySelector('button').getAttribute('aria-expanded'), 'true');
  return tick(5).then(() => assert.equal(opened.length, 1));
});

test('talks only to the iframe at Parley\'s origin and ignores forged messages', async () => {
  const { w, root, otherWindow: forger } = await load();
  w.Parley.open();
  const frame = root.querySelector('iframe');
  const posted = [];
  frame.contentWindow.postMessage = (m, target) => posted.push([m, target]);
  send(w, { v: 1, type: 'READY' }, 'https://evil.example', frame.contentWindow);
  send(w, { v: 1, type: 'READY' }, 'https://parley.example', forger);
  send(w, { v: 2, type: 'READY' }, 'https://parley.example', frame.contentWindow);
  assert.equal(posted.length, 0);
  send(w, { v: 1, type: 'READY' }, 'https://parley.example', frame.contentWindow);
  assert.deepEqual(posted.map(([m]) => m.type), ['CONFIG']);
  assert.deepEqual({ ...posted[0][0] }, { open: true, focus: true, saved: null, identity: undefined, v: 1, type: 'CONFIG' });
  assert.ok(posted.every(([, target]) => target === 'https://parley.example'));
  send(w, { v: 1, type: 'UNREAD', count: 3 }, 'https://evil.example', frame.contentWindow);
  w.Parley.close();
  send(w, { v: 1, type: 'UNREAD', count: 3 }, 'https://parley.example', frame.contentWindow);
  assert.equal(root.querySelector('b').textContent, '3');
  assert.equal(root.querySelector('button').getAttribute('aria-label'), 'Chat (3)');
  w.Parley.identify('aaa.bbb.ccc');
  w.Parley.reset();
  assert.deepEqual(posted.map(([m]) => m.type), ['CONFIG', 'CLOSE', 'IDENTIFY', 'NEW_CONVERSATION']);
  assert.throws(() => w.Parley.identify({ email: 'x@example.com' }), /JWT/);
});

test('Escape and the iframe\'s CLOSE close the panel; messages reach listeners', async () => {
  const { w, root } = await load({ open: 'true' });
  const panel = root.querySelector('.p');
  assert.ok(panel.classList.contains('o'), 'data-open opens on load');
  assert.notEqual(w.document.activeElement, w.document.querySelector('parley-launcher'), 'data-open takes no focus');
  const frame = root.querySelector('iframe');
  frame.contentWindow.postMessage = () => {};
  w.document.dispatchEvent(new w.KeyboardEvent('keydown', { key: 'Escape' }));
  assert.ok(!panel.classList.contains('o'));
  w.Parley.toggle();
  assert.ok(panel.classList.contains('o'));
  assert.equal(w.document.activeElement, w.document.querySelector('parley-launcher'), 'opening by hand moves focus into the panel');
  send(w, { v: 1, type: 'CLOSE' }, 'https://parley.example', frame.contentWindow);
  assert.ok(!panel.classList.contains('o'));
  const got = [];
  w.Parley.on('message', (m) => got.push(m));
  send(w, { v: 1, type: 'MESSAGE', role: 'assistant', text: 'hi' }, 'https://parley.example', frame.contentWindow);
  await tick(5);
  assert.deepEqual(JSON.parse(JSON.stringify(got)), [{ role: 'assistant', text: 'hi' }]);
});

test('position and colour options win over the bot\'s settings; a bad colour falls back', async () => {
  const { css, fetched } = await load({ position: 'left', color: '#ffff00' });
  assert.deepEqual(fetched, [], 'both given: no request at all');
  assert.match(css(), /\.l \{ position: fixed; bottom: 20px; left: 20px;/);
  assert.match(css(), /background: rgb\(255, 255, 0\); color: rgb\(0, 0, 0\)/);
  const other = await load({ color: 'red;background:url(https://evil.example)' }, { color: 'url(https://evil.example)', position: 'top' });
  assert.match(other.css(), /background: rgb\(79, 70, 229\); color: rgb\(255, 255, 255\)/);
  assert.match(other.css(), /right: 20px/);
  assert.doesNotMatch(other.css(), /evil/);
});

test('the bot\'s saved colour and side, fetched once, are what the launcher first appears in', async () => {
  const { w, css, fetched, host } = await load({}, { color: '#ffff00', position: 'left', name: 'x' });
  assert.deepEqual(fetched, ['https://parley.example/api/v1/widget/config?bot=pk_test']);
  assert.match(css(), /left: 20px/);
  assert.match(css(), /background: rgb\(255, 255, 0\); color: rgb\(0, 0, 0\)/);
  assert.equal(host.parentNode, w.document.documentElement);
  const colourOnly = await load({ color: '#000000' }, { color: '#ffff00', position: 'left' });
  assert.match(colourOnly.css(), /background: rgb\(0, 0, 0\)/, 'data-color wins');
  assert.match(colourOnly.css(), /left: 20px/, 'the bot\'s side');
  const refused = await load({}, 404);
  assert.match(refused.css(), /background: rgb\(79, 70, 229\)/, 'defaults when Parley says no');
});

test('the launcher is not on the page before the bot\'s look is known', async () => {
  const { w } = windowAt('https://site.example/page');
  let answer;
  w.fetch = () => new Promise((resolve) => (answer = resolve));
  const s = w.document.createElement('script');
  s.src = 'https://parley.example/embed.js';
  s.dataset.bot = 'pk_test';
  Object.defineProperty(w.document, 'currentScript', { configurable: true, get: () => s });
  w.eval(code);
  await tick(5);
  assert.equal(w.document.querySelector('parley-launcher'), null);
  answer({ json: async () => ({ color: '#0f766e', position: 'right' }) });
  await tick(5);
  assert.ok(w.document.querySelector('parley-launcher'));
});

test('STORE from the iframe is kept in the host page\'s storage and handed back in CONFIG; nobody else can write it', async () => {
  const { w, root, otherWindow: forger } = await load();
  w.Parley.identify('aaa.bbb.ccc');
  w.Parley.open();
  const frame = root.querySelector('iframe');
  const posted = [];
  frame.contentWindow.postMessage = (m) => posted.push(m);
  send(w, { v: 1, type: 'READY' }, 'https://parley.example', frame.contentWindow);
  assert.equal(posted[0].saved, null);
  assert.equal(posted[0].identity, 'aaa.bbb.ccc', 'an identity set before the iframe was ready travels with CONFIG');
  send(w, { v: 1, type: 'STORE', data: '{"session":{"token":"t"}}' }, 'https://parley.example', frame.contentWindow);
  assert.equal(w.localStorage.getItem('parley.pk_test'), '{"session":{"token":"t"}}');
  send(w, { v: 1, type: 'STORE', data: 'forged' }, 'https://parley.example', forger);
  send(w, { v: 1, type: 'STORE', data: 'forged' }, 'https://evil.example', frame.contentWindow);
  send(w, { v: 2, type: 'STORE', data: 'forged' }, 'https://parley.example', frame.contentWindow);
  send(w, { v: 1, type: 'toString' }, 'https://parley.example', frame.contentWindow);
  send(w, { v: 1, type: '__proto__' }, 'https://parley.example', frame.contentWindow);
  assert.equal(w.localStorage.getItem('parley.pk_test'), '{"session":{"token":"t"}}');
  send(w, { v: 1, type: 'READY' }, 'https://parley.example', frame.contentWindow);
  assert.equal(posted[1].saved, '{"session":{"token":"t"}}');
  send(w, { v: 1, type: 'STORE', data: null }, 'https://parley.example', frame.contentWindow);
  assert.equal(w.localStorage.getItem('parley.pk_test'), null);
});
