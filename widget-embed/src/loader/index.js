// embed.js: the loader a site puts on its pages. No dependencies, ≤ 2 KB gzipped. It draws the
// launcher in a closed Shadow DOM root and creates Parley's iframe only on first open. See DD-030.
//   <script src="https://PARLEY/embed.js" data-bot="pk_…" async></script>
//   optional: data-position="left|right" data-color="#4f46e5" data-lang="de" data-open="true"
import { accept, msg } from '../shared/protocol.js';
import { parseHex, textOn } from '../shared/color.js';

(() => {
  const w = window, d = document;
  const script = d.currentScript; // set for classic scripts, async ones included
  const ds = (script && script.dataset) || {};
  if (w.Parley || !ds.bot) return;
  const origin = new URL(script.src).origin;
  const color = parseHex(ds.color) ? ds.color : '#4f46e5';
  const lang = ds.lang || d.documentElement.lang;
  const side = ds.position === 'left' ? 'left' : 'right';

  const host = d.createElement('parley-launcher');
  // `all: initial` and !important inline: the host page's CSS cannot move, hide or restyle it
  for (const p of ['all:initial', 'position:fixed', 'z-index:2147483000', 'bottom:0', side + ':0']) {
    host.style.setProperty(...p.split(':'), 'important');
  }
  const root = host.attachShadow({ mode: 'closed' });
  // A constructed stylesheet also works where the host page's CSP forbids inline styles.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`.l{position:fixed;bottom:20px;${side}:20px;width:56px;height:56px;border:0;border-radius:50%;cursor:pointer;` +
    `background:${color};color:${textOn(color)};box-shadow:0 4px 14px #0004;display:grid;place-items:center}` +
    `svg{width:28px;fill:none;stroke:currentColor;stroke-width:2}` +
    `b{position:absolute;top:-4px;left:-4px;min-width:20px;border-radius:10px;background:#b3261e;color:#fff;font:700 12px/20px sans-serif}b:empty{display:none}` +
    `.p{position:fixed;bottom:88px;${side}:20px;width:400px;height:min(var(--h,640px),calc(100vh - 108px));border-radius:14px;overflow:hidden;` +
    `box-shadow:0 8px 40px #0005;display:none}` +
    `.o{display:block}iframe{width:100%;height:100%;border:0}` +
    `@media(max-width:639px){.p{inset:0;width:100%;height:100%;border-radius:0}.o+.l{display:none}` +
    '}'); // the panel appears without animation: nothing to reduce for prefers-reduced-motion
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = // constant markup only: nothing from the page or the network
    '<div class="p"></div><button class="l" type="button" aria-expanded="false">' +
    '<svg viewBox="0 0 24 24"><path/></svg><b></b></button>';
  const [panel, button] = root.children;
  const badge = button.lastChild, icon = button.querySelector('path');

  let frame, ready, identity, pendingReset, focus, isOpen = false, unread = 0;
  const listeners = { open: [], close: [], message: [] };
  // each listener runs on its own, so one that throws stops no other
  const emit = (name, data) => listeners[name].map((fn) => setTimeout(fn, 0, data));
  const post = (type, fields) => ready && frame.contentWindow.postMessage(msg(type, fields), origin);
  const label = () => {
    panel.classList.toggle('o', isOpen);
    button.setAttribute('aria-expanded', isOpen);
    icon.setAttribute('d', isOpen ? 'M6 6l12 12M18 6L6 18' : 'M4 5h16v11H9l-5 4z');
    // "Chat" reads the same in en, de, fr and es; aria-expanded says whether it is open
    button.setAttribute('aria-label', 'Chat' + (unread && !isOpen ? ` (${unread})` : ''));
    badge.textContent = unread && !isOpen ? unread : '';
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
      frame.src = origin + '/widget/frame?' + new URLSearchParams({ bot: ds.bot, host: location.origin, lang });
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

  const handlers = {
    READY() {
      ready = 1;
      post('CONFIG', { open: isOpen, focus, lang }); // focus: opened by the visitor, so the app focuses its input
      if (identity) post('IDENTIFY', { token: identity });
      if (pendingReset) post('NEW_CONVERSATION');
    },
    CLOSE: close,
    OPEN: open,
    UNREAD(m) {
      unread = Math.min(99, m.count >>> 0);
      label();
    },
    RESIZE(m) {
      if (m.height > 0) panel.style.setProperty('--h', (m.height | 0) + 'px');
    },
    MESSAGE(m) {
      emit('message', { role: '' + m.role, text: '' + m.text });
    },
  };
  addEventListener('message', (e) => {
    const m = frame && accept(e, origin, frame.contentWindow, handlers);
    if (m) handlers[m.type](m);
  });
  d.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  button.onclick = toggle;
  label();

  w.Parley = {
    v: 1,
    open,
    close,
    toggle,
    reset() {
      pendingReset = !ready;
      post('NEW_CONVERSATION');
    },
    /** A JWT signed by the site's own server; Parley verifies it, nothing else about the visitor is trusted. */
    identify(jwt) {
      if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) throw TypeError('JWT expected');
      identity = jwt;
      post('IDENTIFY', { token: jwt });
    },
    /** on('open' | 'close' | 'message', fn); 'message' gets {role, text} of each finished answer */
    on(name, fn) {
      if (listeners[name]) listeners[name].push(fn);
    },
  };
  (d.body || d.documentElement).appendChild(host);
  if (ds.open === 'true') open(1);
})();
