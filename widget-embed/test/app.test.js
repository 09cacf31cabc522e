import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, tick, windowAt } from './bundle.js';

const code = await bundle('app/index.js');
const FRAME = 'https://parley.example/widget/frame?bot=pk_test&host=https%3A%2F%2Fsite.example&lang=fr';
const CONFIG = { botId: 'b1', name: 'Helper', color: '#ffff00', welcomeMessage: 'Hi! Ask me **anything**.', starterQuestions: ['How do I back up?', 'Pricing?'], language: 'en', theme: 'dark' };

const sse = (events) => events.map(([e, d]) => `event:${e}\ndata:${JSON.stringify(d)}\n\n`).join('');

/** A fake Parley server: records requests, answers by route. */
function server(overrides = {}) {
  const calls = [];
  let sessions = 0;
  const routes = {
    'GET /api/v1/widget/config': () => [200, CONFIG],
    'POST /api/v1/widget/sessions': () => [200, { token: 'tok' + ++sessions, expiresAt: new Date(Date.now() + 3600e3).toISOString(), conversationId: 'c' + sessions, visitorId: 'v1' }],
    'GET /api/v1/conversations/c1/messages': () => [200, []],
    'POST /api/v1/conversations/c1/messages': () => [200, sse([
      ['sources', { sources: [{ n: 1, title: '<img src=x onerror=alert(1)>Backup', section: 'Restore', page: 3, url: null }, { n: 2, title: 'Site', url: 'https://docs.example/backup#restore' }] }],
      ['delta', { text: 'Run `parley backup` [1]' }], ['delta', { text: ' and see [2].' }],
      ['done', { messageId: 'm1', mode: 'EXTRACTIVE' }]])],
    'POST /api/v1/messages/m1/feedback': () => [204, null],
    ...overrides,
  };
  const fetch = async (url, init = {}) => {
    const u = new URL(url, 'https://parley.example');
    const key = (init.method || 'GET') + ' ' + u.pathname;
    calls.push({ key, url: u, headers: init.headers || {}, body: init.body && JSON.parse(init.body) });
    const route = routes[key];
    const [status, body] = route ? route(calls[calls.length - 1]) : [404, { error: 'not found' }];
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const bytes = new TextEncoder().encode(text);
    let sent = false;
    return {
      ok: status < 300, status, headers: { get: () => null },
      json: async () => JSON.parse(text),
      body: { getReader: () => ({ read: async () => (sent ? { done: true } : ((sent = true), { done: false, value: bytes })) }) },
    };
  };
  return { calls, fetch };
}

async function app(srv, storage) {
  const { w } = windowAt(FRAME, '<!doctype html><html><head></head><body></body></html>');
  if (storage) for (const [k, v] of Object.entries(storage)) w.localStorage.setItem(k, v);
  w.fetch = srv.fetch;
  w.eval(code);
  await tick(20);
  const el = w.document.querySelector('parley-chat');
  return { w, el, root: el.shadowRoot };
}

test('starts: config, a session, history; shows title, welcome, starters; applies a readable colour', async () => {
  const srv = server();
  const { w, el, root } = await app(srv);
  assert.deepEqual(srv.calls.map((c) => c.key), ['GET /api/v1/widget/config', 'POST /api/v1/widget/sessions', 'GET /api/v1/conversations/c1/messages']);
  assert.equal(srv.calls[0].url.searchParams.get('bot'), 'pk_test');
  assert.deepEqual(srv.calls[1].body, { bot: 'pk_test', host: 'https://site.example', newConversation: true });
  assert.equal(srv.calls[2].headers.Authorization, 'Bearer tok1');
  assert.equal(root.querySelector('.title').textContent, 'Helper');
  assert.equal(root.querySelector('.log .bot .bubble strong').textContent, 'anything');
  assert.deepEqual([...root.querySelectorAll('.starter')].map((b) => b.textContent), ['How do I back up?', 'Pricing?']);
  assert.equal(el.style.getPropertyValue('--on-accent'), '#000');
  assert.equal(el.getAttribute('data-theme'), 'dark');
  assert.equal(root.querySelector('textarea').getAttribute('aria-label'), 'Écrivez votre message…', 'lang= from the loader wins');
  assert.equal(root.querySelector('.log').getAttribute('role'), 'log');
  assert.equal(root.querySelector('.log').getAttribute('aria-live'), 'polite');
  for (const b of root.querySelectorAll('button')) assert.ok(b.getAttribute('aria-label') || b.textContent.trim(), 'every button labelled');
  assert.deepEqual(JSON.parse(w.localStorage.getItem('parley.pk_test')).conversationId, 'c1');
});

test('a starter question streams an answer with citation chips; thumbs send feedback', async () => {
  const srv = server();
  const { w, root } = await app(srv);
  root.querySelector('.starter').click();
  assert.equal(root.querySelector('.log .user .bubble').textContent, 'How do I back up?', 'optimistic');
  await tick(80);
  const send = srv.calls.find((c) => c.key === 'POST /api/v1/conversations/c1/messages');
  assert.equal(send.headers.Authorization, 'Bearer tok1');
  assert.equal(send.body.content, 'How do I back up?');
  assert.ok(send.body.idempotencyKey);
  const answer = [...root.querySelectorAll('.log .bot')].pop();
  assert.match(answer.textContent, /Run parley backup 1 and see 2\./);
  assert.equal(answer.querySelector('code').textContent, 'parley backup');
  const chips = answer.querySelectorAll('button.cite');
  assert.equal(chips.length, 2);
  assert.equal(chips[0].getAttribute('aria-label'), 'Source 1: <img src=x onerror=alert(1)>Backup', 'title is text');
  assert.equal(root.querySelectorAll('img').length, 0);
  chips[0].click();
  assert.equal(answer.querySelector('.pop').textContent, '<img src=x onerror=alert(1)>Backup · Restore · #3');
  const opened = [];
  w.open = (...a) => opened.push(a);
  chips[1].click();
  assert.deepEqual(opened, [['https://docs.example/backup#restore', '_blank', 'noopener,noreferrer']]);
  assert.equal(root.querySelector('.stream').children.length, 0, 'the streaming copy is gone');
  assert.equal(root.querySelectorAll('.starter').length, 0);
  answer.querySelector('.actions button').click();
  await tick(10);
  const fb = srv.calls.find((c) => c.key === 'POST /api/v1/messages/m1/feedback');
  assert.deepEqual(fb.body, { rating: 'up' });
  assert.equal(answer.querySelector('.actions button').getAttribute('aria-pressed'), 'true');
});

test('the draft and the conversation survive a reload', async () => {
  const first = await app(server());
  const ta = first.root.querySelector('textarea');
  ta.value = 'half a question';
  ta.dispatchEvent(new first.w.Event('input'));
  const saved = { 'parley.pk_test': first.w.localStorage.getItem('parley.pk_test'), 'parley.pk_test.draft': first.w.localStorage.getItem('parley.pk_test.draft') };
  const srv = server({
    'GET /api/v1/conversations/c1/messages': () => [200, [
      { id: 'u1', role: 'USER', content: 'Earlier question' },
      { id: 'm9', role: 'ASSISTANT', content: 'Earlier answer [1]', sources: [{ n: 1, title: 'Doc' }], rating: -1 }]],
  });
  const { root } = await app(srv, saved);
  assert.deepEqual(srv.calls.map((c) => c.key), ['GET /api/v1/widget/config', 'GET /api/v1/conversations/c1/messages'], 'no new session');
  assert.equal(root.querySelector('textarea').value, 'half a question');
  assert.equal(root.querySelector('.log .user .bubble').textContent, 'Earlier question');
  const answer = [...root.querySelectorAll('.log .bot')].pop();
  assert.equal(answer.querySelector('.cite').textContent, '1');
  assert.equal(answer.querySelectorAll('.actions button')[1].getAttribute('aria-pressed'), 'true');
  assert.equal(root.querySelectorAll('.starter').length, 0);
});

test('on 401 a fresh session is fetched with the old token and the call repeated', async () => {
  let first = true;
  const srv = server({
    'GET /api/v1/conversations/c1/messages': () => (first ? ((first = false), [401, { error: 'expired' }]) : [200, []]),
  });
  const stored = { 'parley.pk_test': JSON.stringify({ token: 'old', conversationId: 'c1', expiresAt: new Date(Date.now() + 3600e3).toISOString() }) };
  await app(srv, stored);
  const s = srv.calls.find((c) => c.key === 'POST /api/v1/widget/sessions');
  assert.deepEqual(s.body, { bot: 'pk_test', host: 'https://site.example', previousToken: 'old' });
});

test('when the old session cannot be continued, a new conversation starts', async () => {
  const srv = server({
    'GET /api/v1/conversations/c9/messages': () => [401, { error: 'expired' }],
    'POST /api/v1/widget/sessions': (call) => (call.body.previousToken
      ? [401, { error: 'too old' }]
      : [200, { token: 'new', expiresAt: new Date(Date.now() + 3600e3).toISOString(), conversationId: 'c1', visitorId: 'v2' }]),
  });
  const stored = { 'parley.pk_test': JSON.stringify({ token: 'old', conversationId: 'c9', expiresAt: new Date(Date.now() + 3600e3).toISOString() }) };
  const { w, root } = await app(srv, stored);
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.deepEqual(s, [{ bot: 'pk_test', host: 'https://site.example', previousToken: 'old' }, { bot: 'pk_test', host: 'https://site.example', newConversation: true }]);
  assert.equal(JSON.parse(w.localStorage.getItem('parley.pk_test')).token, 'new');
  assert.equal(root.querySelector('textarea').disabled, false);
});

test('a broken stream shows a retry that resends with the same idempotency key', async () => {
  let attempt = 0;
  const srv = server({
    'POST /api/v1/conversations/c1/messages': () => (++attempt === 1
      ? [200, sse([['sources', { sources: [] }], ['delta', { text: 'Part' }], ['error', { code: 'LLM', message: 'x', retryable: true }]])]
      : [200, sse([['delta', { text: 'Whole answer' }], ['done', { messageId: 'm2' }]])]),
  });
  const { root } = await app(srv);
  const ta = root.querySelector('textarea');
  ta.value = 'Question?';
  root.querySelector('form').dispatchEvent(new ta.ownerDocument.defaultView.Event('submit', { cancelable: true }));
  await tick(60);
  const fail = root.querySelector('.log .user .fail');
  assert.ok(fail, 'failed state shown');
  assert.match(fail.textContent, /interrompue/);
  fail.querySelector('.retry').click();
  await tick(60);
  const sends = srv.calls.filter((c) => c.key === 'POST /api/v1/conversations/c1/messages');
  assert.equal(sends.length, 2);
  assert.equal(sends[0].body.idempotencyKey, sends[1].body.idempotencyKey);
  assert.equal(root.querySelector('.log .user .fail'), null);
  assert.match([...root.querySelectorAll('.log .bot')].pop().textContent, /Whole answer/);
});

test('a refusal before the stream (429) shows why', async () => {
  const srv = server({ 'POST /api/v1/conversations/c1/messages': () => [429, { error: 'cap' }] });
  const { root } = await app(srv);
  root.querySelector('.starter').click();
  await tick(30);
  assert.match(root.querySelector('.log .user .fail').textContent, /Trop de messages/);
});

test('new conversation asks for a new session and clears the log', async () => {
  const srv = server();
  const { root } = await app(srv);
  root.querySelector('.head button[aria-label="Nouvelle conversation"]').click();
  await tick(20);
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions');
  assert.equal(s.length, 2);
  assert.equal(s[1].body.newConversation, true);
  assert.equal(root.querySelectorAll('.log .user').length, 0);
  assert.equal(root.querySelectorAll('.starter').length, 2);
});

/** The app inside a frame: its parent is another window at the host origin. */
async function framed(srv, { ancestors, url = FRAME, config = {}, blocked = false } = {}) {
  const { w } = windowAt(url, '<!doctype html><html><head></head><body></body></html>');
  const parent = windowAt('https://site.example/page').w;
  const other = windowAt('https://evil.example/').w;
  const posted = [];
  parent.postMessage = (m, target) => posted.push([JSON.parse(JSON.stringify(m)), target]);
  Object.defineProperty(w, 'parent', { value: parent, configurable: true });
  if (ancestors) Object.defineProperty(w.location, 'ancestorOrigins', { value: ancestors, configurable: true });
  // Chromium with third-party storage blocked: touching localStorage in the frame throws
  if (blocked) Object.defineProperty(w, 'localStorage', { get() { throw new w.DOMException('Access is denied for this document.', 'SecurityError'); } });
  w.fetch = srv.fetch;
  w.eval(code);
  const host = new URL(url).searchParams.get('host') || 'https://site.example';
  const send = (data, origin = host, source = parent) => w.dispatchEvent(new w.MessageEvent('message', { data, origin, source }));
  await tick(5);
  // the loader's answer to READY
  if (config && posted.some(([m]) => m.type === 'READY')) send({ v: 1, type: 'CONFIG', open: true, ...config });
  await tick(20);
  const root = w.document.querySelector('parley-chat').shadowRoot;
  return { w, root, posted, send, parent, other };
}

test('in a frame: READY goes to the host origin only; only the parent at that origin is obeyed', async () => {
  const srv = server();
  const { root, posted, send, other } = await framed(srv);
  assert.deepEqual(posted[0], [{ bot: 'pk_test', v: 1, type: 'READY' }, 'https://site.example']);
  assert.ok(posted.every(([, target]) => target === 'https://site.example'));
  // closed: a finished answer counts as unread; Escape asks the loader to close
  send({ v: 1, type: 'CLOSE' });
  root.querySelector('.starter').click();
  await tick(80);
  const types = posted.map(([m]) => m.type);
  assert.ok(types.includes('MESSAGE'));
  assert.deepEqual(posted.filter(([m]) => m.type === 'UNREAD').map(([m]) => m.count), [1]);
  send({ v: 1, type: 'OPEN' });
  assert.deepEqual(posted.filter(([m]) => m.type === 'UNREAD').map(([m]) => m.count), [1, 0]);
  send({ v: 1, type: 'NEW_CONVERSATION' }, 'https://evil.example');
  send({ v: 1, type: 'NEW_CONVERSATION' }, 'https://site.example', other);
  send({ v: 2, type: 'NEW_CONVERSATION' });
  send({ v: 1, type: 'READY' }); // a type the app does not handle
  await tick(20);
  assert.equal(srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').length, 1);
  send({ v: 1, type: 'NEW_CONVERSATION' });
  await tick(20);
  assert.equal(srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').length, 2);
  root.querySelector('textarea').dispatchEvent(new (root.ownerDocument.defaultView.KeyboardEvent)('keydown', { key: 'Escape', bubbles: true, composed: true }));
  assert.equal(posted[posted.length - 1][0].type, 'CLOSE');
  assert.ok(root.querySelector('.head button[aria-label="Fermer le chat"]'), 'a close button in a frame');
});

test('in a frame whose real parent is another origin, or without host=, the app does nothing', async () => {
  for (const opts of [{ ancestors: ['https://evil.example'] }, { url: 'https://parley.example/widget/frame?bot=pk_test' }, { url: 'https://parley.example/widget/frame?bot=pk_test&host=https://site.example/path' }]) {
    const srv = server();
    const { root, posted } = await framed(srv, opts);
    assert.equal(srv.calls.length, 0, JSON.stringify(opts));
    assert.ok(root.querySelector('textarea').disabled);
    assert.match(root.querySelector('.status').textContent, /unavailable|indisponible/);
    assert.ok(!posted.some(([m]) => m.type === 'READY'));
    root.querySelector('.head button').click(); // "new conversation" does nothing either
    await tick(10);
    assert.equal(srv.calls.length, 0);
  }
});

test('in a frame whose ancestorOrigins agree with host=, it starts', async () => {
  const srv = server();
  await framed(srv, { ancestors: ['https://site.example'] });
  assert.equal(srv.calls[0].key, 'GET /api/v1/widget/config');
});

test('an avatar is shown only from Parley\'s own origin', async () => {
  for (const [avatarUrl, shown] of [['/avatars/b1.png', true], ['https://evil.example/a.png', false], ['javascript:alert(1)', false]]) {
    const srv = server({ 'GET /api/v1/widget/config': () => [200, { ...CONFIG, avatarUrl }] });
    const { root } = await app(srv);
    const img = root.querySelector('.avatar img');
    assert.equal(!!img, shown, avatarUrl);
    if (img) assert.equal(img.getAttribute('src'), 'https://parley.example/avatars/b1.png');
  }
});

test('IDENTIFY from the loader asks for a session carrying the site\'s JWT', async () => {
  const srv = server();
  const { send } = await framed(srv);
  send({ v: 1, type: 'IDENTIFY', token: { email: 'not a jwt' } });
  send({ v: 1, type: 'IDENTIFY', token: 'aaa.bbb.ccc' });
  await tick(20);
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.deepEqual(s[1], { bot: 'pk_test', host: 'https://site.example', previousToken: 'tok1', identityToken: 'aaa.bbb.ccc' });
  assert.ok(s.every((b) => b.identityToken === undefined || b.identityToken === 'aaa.bbb.ccc'), 'a non-JWT is never sent');
});

test('a stream ended by a shutting-down node is asked again by itself, with the same key', async () => {
  let attempt = 0;
  const srv = server({
    'POST /api/v1/conversations/c1/messages': () => (++attempt === 1
      ? [200, sse([['delta', { text: 'Par' }], ['error', { code: 'SHUTDOWN', message: 'restarting', retryable: true, reconnect: true }]])]
      : [200, sse([['delta', { text: 'Whole answer' }], ['done', { messageId: 'm3' }]])]),
  });
  const { root } = await app(srv);
  root.querySelector('.starter').click();
  await tick(1200);
  const sends = srv.calls.filter((c) => c.key === 'POST /api/v1/conversations/c1/messages');
  assert.equal(sends.length, 2);
  assert.equal(sends[0].body.idempotencyKey, sends[1].body.idempotencyKey);
  assert.match([...root.querySelectorAll('.log .bot')].pop().textContent, /Whole answer/);
  assert.equal(root.querySelector('.log .user .fail'), null);
});

test('when Parley is busy or down at start, the app tries again by itself', async () => {
  let attempt = 0;
  const srv = server({ 'GET /api/v1/widget/config': () => (++attempt === 1 ? [503, { error: 'down' }] : [200, CONFIG]) });
  const { root } = await app(srv);
  assert.ok(root.querySelector('textarea').disabled);
  assert.match(root.querySelector('.status').textContent, /indisponible/);
  await tick(1200);
  assert.equal(attempt, 2);
  assert.equal(root.querySelector('textarea').disabled, false);
  assert.equal(root.querySelector('.status').textContent, '');
  assert.equal(root.querySelectorAll('.starter').length, 2);
});

test('with third-party storage blocked, the session and draft are kept by the loader (STORE) and come back in CONFIG', async () => {
  const first = await framed(server(), { blocked: true });
  const ta = first.root.querySelector('textarea');
  ta.value = 'half a question';
  ta.dispatchEvent(new first.w.Event('input'));
  const stores = first.posted.filter(([m]) => m.type === 'STORE').map(([m]) => m.data);
  assert.ok(stores.length >= 2, 'one for the session, one for the draft');
  assert.ok(first.posted.every(([, target]) => target === 'https://site.example'));
  const saved = stores.pop();
  assert.deepEqual(JSON.parse(saved).draft, 'half a question');
  assert.equal(JSON.parse(saved).session.conversationId, 'c1');

  const srv = server({
    'GET /api/v1/conversations/c1/messages': () => [200, [{ id: 'u1', role: 'USER', content: 'Earlier question' }]],
  });
  const { root, posted } = await framed(srv, { blocked: true, config: { saved } });
  assert.deepEqual(srv.calls.map((c) => c.key), ['GET /api/v1/widget/config', 'GET /api/v1/conversations/c1/messages'], 'no new session');
  assert.equal(srv.calls[1].headers.Authorization, 'Bearer tok1');
  assert.equal(root.querySelector('.log .user .bubble').textContent, 'Earlier question');
  assert.equal(root.querySelector('textarea').value, 'half a question');
  assert.equal(posted.filter(([m]) => m.type === 'STORE').length, 0, 'nothing stored before anything changed');

  // sending clears the kept draft
  root.querySelector('textarea').value = 'Next?';
  root.querySelector('form').dispatchEvent(new root.ownerDocument.defaultView.Event('submit', { cancelable: true }));
  const last = posted.filter(([m]) => m.type === 'STORE').pop()[0].data;
  assert.equal(JSON.parse(last).draft, null);
});

test('with its own storage, the frame never hands its token to the host page', async () => {
  const { root, w, posted } = await framed(server());
  root.querySelector('textarea').value = 'draft';
  root.querySelector('textarea').dispatchEvent(new w.Event('input'));
  assert.equal(posted.filter(([m]) => m.type === 'STORE').length, 0);
  assert.equal(JSON.parse(w.localStorage.getItem('parley.pk_test')).token, 'tok1');
});

test('CONFIG is taken once and only in its shape: a second one or a broken saved value changes nothing', async () => {
  const srv = server();
  const { send, root } = await framed(srv, { blocked: true, config: { saved: '{not json', identity: { sub: 'x' } } });
  const sessions = () => srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.deepEqual(sessions(), [{ bot: 'pk_test', host: 'https://site.example', newConversation: true }], 'a broken saved value and a non-JWT identity are ignored');
  send({ v: 1, type: 'CONFIG', open: true, focus: true, saved: JSON.stringify({ session: { token: 'stolen', conversationId: 'c9' } }), identity: 'aaa.bbb.ccc' });
  send({ v: 2, type: 'IDENTIFY', token: 'aaa.bbb.ccc' });
  send({ v: 1, type: 'IDENTIFY', token: 42 });
  await tick(20);
  assert.equal(sessions().length, 1);
  assert.notEqual(root.activeElement, root.querySelector('textarea'), 'the second CONFIG did not focus the input');
  assert.ok(!srv.calls.some((c) => c.headers.Authorization === 'Bearer stolen'));
});

test('an identity token in CONFIG makes the first session an identified one', async () => {
  const srv = server({
    'POST /api/v1/widget/sessions': () => [201, { token: 'idtok', expiresAt: new Date(Date.now() + 3600e3).toISOString(), conversationId: 'c1', visitorId: 'u_abc' }],
  });
  await framed(srv, { config: { identity: 'aaa.bbb.ccc' } });
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.deepEqual(s, [{ bot: 'pk_test', host: 'https://site.example', identityToken: 'aaa.bbb.ccc' }]);
});

test('an identified conversation is not shown after the site stops naming the visitor (a logout)', async () => {
  const srv = server();
  const stored = { 'parley.pk_test': JSON.stringify({ token: 'idtok', conversationId: 'c7', visitorId: 'u_abc', expiresAt: new Date(Date.now() + 3600e3).toISOString() }) };
  await app(srv, stored);
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.deepEqual(s, [{ bot: 'pk_test', host: 'https://site.example', newConversation: true }]);
  assert.ok(!srv.calls.some((c) => c.key.includes('/c7/')));
});

test('a refused identity token is reported to the site\'s developer and the anonymous chat goes on', async () => {
  const warned = [];
  const original = console.warn;
  console.warn = (m) => warned.push(m);
  try {
    const srv = server({
      'POST /api/v1/widget/sessions': (call) => (call.body.identityToken
        ? [401, { error: 'The identity token is not valid: its signature does not match this assistant\'s identity secret.' }]
        : [201, { token: 'anon', expiresAt: new Date(Date.now() + 3600e3).toISOString(), conversationId: 'c1', visitorId: 'v_1' }]),
    });
    const { root, posted, send } = await framed(srv);
    send({ v: 1, type: 'IDENTIFY', token: 'forged.jwt.token' });
    await tick(30);
    assert.ok(posted.some(([m]) => m.type === 'ERROR' && m.code === 'identity'));
    assert.match(warned.join('\n'), /Parley\.identify\(\): The identity token is not valid: its signature/);
    const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
    assert.equal(s.length, 2, 'no retry without being asked');
    assert.equal(root.querySelector('textarea').disabled, false);
    root.querySelector('.starter').click();
    await tick(80);
    const sent = srv.calls.find((c) => c.key === 'POST /api/v1/conversations/c1/messages');
    assert.equal(sent.headers.Authorization, 'Bearer anon', 'the anonymous session keeps working');
  } finally {
    console.warn = original;
  }
});

test('Parley.reset() (NEW_CONVERSATION from the loader) forgets the identity: the new conversation is anonymous', async () => {
  const srv = server();
  const { send } = await framed(srv, { config: { identity: 'aaa.bbb.ccc' } });
  send({ v: 1, type: 'NEW_CONVERSATION' });
  await tick(20);
  const s = srv.calls.filter((c) => c.key === 'POST /api/v1/widget/sessions').map((c) => c.body);
  assert.equal(s[0].identityToken, 'aaa.bbb.ccc');
  assert.deepEqual(s[1], { bot: 'pk_test', host: 'https://site.example', newConversation: true });
});

test('a question sent before the chat has started waits for the history instead of being wiped by it', async () => {
  let releaseConfig;
  const srv = server({ 'GET /api/v1/widget/config': () => [200, CONFIG] });
  const slow = { ...srv, fetch: async (url, init) => { if (String(url).includes('/widget/config')) await new Promise((r) => (releaseConfig = r)); return srv.fetch(url, init); } };
  const { w } = windowAt(FRAME, '<!doctype html><html><head></head><body></body></html>');
  w.fetch = slow.fetch;
  w.eval(code);
  await tick(10);
  const root = w.document.querySelector('parley-chat').shadowRoot;
  root.querySelector('textarea').value = 'Early question';
  root.querySelector('form').dispatchEvent(new w.Event('submit', { cancelable: true }));
  releaseConfig();
  await tick(120);
  assert.equal(root.querySelector('.log .user .bubble').textContent, 'Early question');
  assert.equal(root.querySelectorAll('.starter').length, 0);
  assert.ok(srv.calls.some((c) => c.key === 'POST /api/v1/conversations/c1/messages'));
});

test('PREVIEW: the console\'s live preview (host = Parley itself) shows unsaved settings; a real site cannot', async () => {
  const own = 'https://parley.example/widget/frame?bot=pk_test&host=https%3A%2F%2Fparley.example';
  const draft = { name: 'Draft bot', color: '#0f766e', welcomeMessage: 'Draft welcome', starterQuestions: ['Draft question?'] };
  const preview = await framed(server(), { url: own });
  preview.send({ v: 1, type: 'PREVIEW', config: draft }, 'https://parley.example');
  const { root, w } = preview;
  assert.equal(root.querySelector('.title').textContent, 'Draft bot');
  assert.equal(root.host.style.getPropertyValue('--accent'), '#0f766e');
  assert.equal(root.querySelector('.log .bot .bubble').textContent, 'Draft welcome');
  assert.deepEqual([...root.querySelectorAll('.starter')].map((b) => b.textContent), ['Draft question?']);
  assert.equal(w.document.title, 'Draft bot');

  const site = await framed(server());
  site.send({ v: 1, type: 'PREVIEW', config: draft });
  assert.equal(site.root.querySelector('.title').textContent, 'Helper');
  assert.equal(site.root.host.style.getPropertyValue('--accent'), '#ffff00');
});

test('PREVIEW sent before the saved settings arrive still wins over them', async () => {
  const own = 'https://parley.example/widget/frame?bot=pk_test&host=https%3A%2F%2Fparley.example';
  let release;
  const srv = server({ 'GET /api/v1/widget/config': () => [200, CONFIG] });
  const slow = srv.fetch;
  srv.fetch = async (url, init) => (String(url).includes('/config') ? new Promise((r) => (release = () => r(slow(url, init)))) : slow(url, init));
  const { root, send } = await framed(srv, { url: own });
  send({ v: 1, type: 'PREVIEW', config: { name: 'Early draft', color: '#123456' } }, 'https://parley.example');
  release();
  await tick(20);
  assert.equal(root.querySelector('.title').textContent, 'Early draft');
  assert.equal(root.host.style.getPropertyValue('--accent'), '#123456');
});
