import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, tick, windowAt } from './bundle.js';

const code = await bundle('loader/index.js');

function load(attrs = {}) {
  const { w, roots } = windowAt('https://site.example/page');
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
  const host = w.document.querySelector('parley-launcher');
  const css = () => [...roots[0].adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join('\n');
  return { w, host, root: roots[0], css, otherWindow };
}

const send = (w, data, origin, source) => w.dispatchEvent(new w.MessageEvent('message', { data, origin, source }));

test('draws the launcher in a shadow root and creates no iframe until opened', () => {
  const { w, host, root } = load();
  assert.ok(host);
  assert.equal(host.parentNode, w.document.body);
  assert.equal(host.shadowRoot, null, 'closed shadow root');
  assert.match(host.getAttribute('style'), /all: initial !important/);
  assert.match(host.getAttribute('style'), /position: fixed !important/);
  const button = root.querySelector('button');
  assert.equal(button.getAttribute('aria-label'), 'Chat');
  assert.equal(button.getAttribute('aria-expanded'), 'false');
  assert.equal(root.querySelector('iframe'), null);
  assert.ok(!root.querySelector('.p').classList.contains('o'), 'the panel starts closed');
  assert.equal(typeof w.Parley.open, 'function');
});

test('opens the iframe at Parley\'s origin with bot, host origin and page language', () => {
  const { w, root } = load();
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
  const { w, root, otherWindow: forger } = load();
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
  assert.deepEqual({ ...posted[0][0] }, { open: true, focus: true, lang: 'de', v: 1, type: 'CONFIG' });
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
  const { w, root } = load({ open: 'true' });
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

test('position and colour options; a bad colour falls back', () => {
  const { css } = load({ position: 'left', color: '#ffff00' });
  assert.match(css(), /\.l \{ position: fixed; bottom: 20px; left: 20px;/);
  assert.match(css(), /background: rgb\(255, 255, 0\); color: rgb\(0, 0, 0\)/);
  const other = load({ color: 'red;background:url(https://evil.example)' });
  assert.match(other.css(), /background: rgb\(79, 70, 229\); color: rgb\(255, 255, 255\)/);
  assert.doesNotMatch(other.css(), /evil/);
});
