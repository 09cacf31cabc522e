// embed.js: the loader a site puts on its pages. No dependencies, ≤ 2 KB gzipped. It draws the
// launcher in a closed Shadow DOM root and creates Parley's iframe only on first open. See DD-030.
//   <script src="https://PARLEY/embed.js" data-bot="pk_…" async></script>
//   optional: data-position="left|right" data-color="#4f46e5" data-lang="de" data-open="true"
// Every byte counts here: the build fails above the budget (scripts/checks.mjs).
import { parseHex, textOn } from '../shared/color.js';

(() => {
  const w = window, d = document, script = d.currentScript; // set for classic scripts, async ones included
  const ds = (script && script.dataset) || {}, bot = ds.bot;
  if (w.Parley || !bot) return;
  const origin = new URL(script.src).origin, lang = ds.lang || d.documentElement.lang, key = 'parley.' + bot;
  const host = d.createElement('parley-launcher'), root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = // constant markup only: nothing from the page or the network
    '<div class="p"></div><button class="l"><svg viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z"/><path d="M6 6l12 12m0-12L6 18"/></svg><b></b></button>';
  const [panel, button] = root.children, badge = button.lastChild;

  let frame, ready, identity, pendingReset, focus, drawn, isOpen = false, unread = 0;
  const attr = (name, value) => button.setAttribute(name, value);
  const listeners = { open: [], close: [], message: [] };
  // each listener runs on its own, so one that throws stops no other
  const emit = (name, data) => listeners[name].map((fn) => setTimeout(fn, 0, data));
  // {v: 1, type, ...}: the protocol of src/shared/protocol.js, always to Parley's origin, never '*'
  const post = (type, fields) => ready && frame.contentWindow.postMessage({ ...fields, v: 1, type }, origin);
  // The visitor's session and draft, kept here (first party) for the iframe when the browser gives it no
  // storage of its own (third-party storage blocked): the iframe sends STORE, gets it back in CONFIG.
  const store = (value) => {
    try {
      return value === 0 ? localStorage.getItem(key) : value == null ? localStorage.removeItem(key) : localStorage.setItem(key, value);
    } catch { /* the host page has no storage either */ }
  };

  /**
   * Puts the launcher on the page, once, in its final colour and side: the data attributes win, else
   * the bot's saved settings (c, from the config request), else the defaults. Drawn only when those
   * are known, so it never appears in one colour and switches to another.
   */
  const draw = (c = {}) => {
    if (drawn) return;
    drawn = 1;
    const color = [ds.color, c.color].find(parseHex) || '#4f46e5';
    const side = (ds.position || c.position) === 'left' ? 'left' : 'right';
    // `all: initial` inline and !important: the host page's CSS cannot move, hide or restyle it. What shows
    // is fixed to the viewport inside the shadow root, so the host element itself takes no room.
    host.style.cssText = 'all:initial!important';
    // A constructed stylesheet also works where the host page's CSP forbids inline styles.
    const sheet = new CSSStyleSheet();
    // The icon is a speech bubble, a cross while the panel (.o: open) is showing.
    sheet.replaceSync(`*{border:0;z-index:2147483000}.l{position:fixed;bottom:20px;${side}:20px;width:56px;height:56px;border-radius:50%;cursor:pointer;` +
      `background:${color};color:${textOn(color)};box-shadow:0 4px 14px #0004;display:grid;place-items:center}` +
      'svg{width:28px;fill:none;stroke:currentColor;stroke-width:2}' +
      'b{position:absolute;top:-4px;left:-4px;min-width:20px;border-radius:10px;background:#b3261e;color:#fff;font:700 12px/20px sans-serif}' +
      `.p{position:fixed;bottom:88px;${side}:20px;width:400px;height:min(640px,100vh - 108px);border-radius:14px;overflow:hidden;` +
      'box-shadow:0 8px 40px #0005}b:empty,.p,.o+.l path,path+path{display:none}.o,.o+.l path+path{display:block}iframe{width:100%;height:100%}' +
      '@media(max-width:639px){.p{inset:0;width:100%;height:100%;border-radius:0}.o+.l{display:none}}');
    // the panel appears without animation: nothing to reduce for prefers-reduced-motion
    root.adoptedStyleSheets = [sheet];
    d.documentElement.append(host); // outside <body>: a page that re-renders its body keeps the launcher
  };

  const label = () => {
    const count = !isOpen && unread;
    panel.classList.toggle('o', isOpen);
    attr('aria-expanded', isOpen);
    // "Chat" reads the same in en, de, fr and es; aria-expanded says whether it is open
    attr('aria-label', 'Chat' + (count ? ` (${count})` : ''));
    badge.textContent = count || '';
  };
  const show = (open) => {
    isOpen = open;
    label();
    post(open ? 'OPEN' : 'CLOSE');
    emit(open ? 'open' : 'close');
  };

  const open = (quiet) => {
    if (isOpen) return;
    if (!frame) {
      frame = panel.appendChild(d.createElement('iframe'));
      frame.title = 'Chat';
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
      frame.src = origin + '/widget/frame?' + new URLSearchParams({ bot, host: location.origin, lang });
    }
    show(true);
    if ((focus = quiet !== 1)) frame.focus(); // data-open shows the panel without taking the page's focus
  };
  const close = () => {
    if (!isOpen) return;
    const inside = d.activeElement === host;
    show(false);
    if (inside) button.focus();
  };
  const toggle = () => (isOpen ? close() : open());

  // null prototype: a message type is a handler of ours or nothing (not toString, not __proto__)
  const handlers = {
    __proto__: null,
    READY() {
      ready = 1;
      // focus: opened by the visitor, so the app focuses its input; saved: what the app asked us to keep
      post('CONFIG', { open: isOpen, focus, saved: store(0), identity });
      if (pendingReset) post('NEW_CONVERSATION');
    },
    STORE(m) {
      store(typeof m.data === 'string' ? m.data : null); // a string, or nothing to keep
    },
    CLOSE: close,
    UNREAD(m) {
      unread = m.count >>> 0;
      label();
    },
    MESSAGE(m) {
      emit('message', { role: '' + m.role, text: '' + m.text });
    },
  };
  addEventListener('message', (e) => {
    // exactly Parley's origin and our own iframe's window, version 1, a type we handle
    const m = e.data, handle = e.origin === origin && e.source === frame?.contentWindow && m?.v === 1 && handlers[m.type];
    if (handle) handle(m);
  });
  d.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  button.onclick = toggle;
  label();

  w.Parley = {
    open,
    close,
    toggle,
    reset() {
      pendingReset = !ready;
      post('NEW_CONVERSATION');
    },
    /** A JWT signed by the site's own server; Parley verifies it, nothing else about the visitor is trusted. */
    identify(jwt) {
      if (typeof jwt !== 'string') throw TypeError('JWT expected'); // its shape and signature are checked by Parley
      identity = jwt;
      post('IDENTIFY', { token: jwt });
    },
    /** on('open' | 'close' | 'message', fn); 'message' gets {role, text} of each finished answer */
    on(name, fn) {
      if (listeners[name]) listeners[name].push(fn);
    },
  };
  // The bot's colour and side, unless the snippet names both; a failed or slow request draws the defaults.
  if (ds.color && ds.position) draw();
  else {
    fetch(origin + '/api/v1/widget/config?' + new URLSearchParams({ bot })).then((r) => r.json()).then(draw, draw);
  }
  if (ds.open === 'true') open(1);
})();
