// <parley-chat>: the chat app that runs inside Parley's iframe page. See DD-030.
import { accept, msg } from '../shared/protocol.js';
import { textOn, readableAccent, parseHex } from '../shared/color.js';
import { renderMarkdown, safeUrl } from './markdown.js';
import { pickLang, translator } from './i18n.js';
import { Api, ApiError } from './api.js';

const ICONS = {
  close: 'M6 6l12 12M18 6L6 18',
  reset: 'M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4',
  send: 'M4 12l16-8-6 16-2-6z',
  up: 'M7 11v9H4v-9zm0 0l4-7c1.5 0 2.5 1 2 3l-1 3h6c1 0 2 1 1.7 2l-1.5 6c-.3 1-1 2-2.2 2H7',
  down: 'M7 13V4H4v9zm0 0l4 7c1.5 0 2.5-1 2-3l-1-3h6c1 0 2-1 1.7-2l-1.5-6C17.9 5 17.2 4 16 4H7',
};

/** Origin of a string when it is exactly an http(s) origin, else null. */
export function parseOrigin(s) {
  try {
    const u = new URL(s);
    return /^https?:$/.test(u.protocol) && u.origin === s ? s : null;
  } catch {
    return null;
  }
}

const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

const isJwt = (t) => typeof t === 'string' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(t);
/** Visitor ids of identified visitors (Parley.identify) start with u_, anonymous ones with v_. */
const identified = (session) => /^u_/.test(session && session.visitorId);

/** The frame's own localStorage; `ok` is false where the browser denies it (third-party storage blocked). */
const storage = {
  ok: (() => {
    try {
      localStorage.getItem('parley');
      return true;
    } catch {
      return false;
    }
  })(),
  get(k) {
    try { return JSON.parse(localStorage.getItem(k)); } catch { return null; }
  },
  set(k, v) {
    try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, JSON.stringify(v)); } catch { /* storage blocked */ }
  },
};

export class ParleyChat extends HTMLElement {
  connectedCallback() {
    if (this.root) return;
    const q = new URLSearchParams(location.search);
    this.bot = q.get('bot') || '';
    this.host = parseOrigin(q.get('host') || '');
    this.parentWin = window.parent !== window ? window.parent : null;
    this.open = !this.parentWin;
    this.unread = 0;
    this.key = 'parley.' + this.bot;
    this.api = new Api();
    const lang = pickLang(q.get('lang'), navigator.language);
    document.documentElement.lang = lang; // screen readers pronounce the panel in its language
    this.t = translator(lang);
    this.root = this.attachShadow({ mode: 'open' });
    this.build(ParleyChat.css);
    // The host origin comes from the loader (host=); where the browser tells us who embeds us, it
    // must agree, so a page cannot claim to be another site.
    const ancestors = location.ancestorOrigins;
    if (!/^pk_[A-Za-z0-9_-]+$/.test(this.bot) || (this.parentWin && (!this.host || (ancestors && ancestors.length && ancestors[0] !== this.host)))) {
      this.ready = new Promise(() => {}); // nothing here ever calls the API
      this.fail('origin');
      return;
    }
    // CONFIG answers READY: whether the visitor opened the panel, the site's identity token, and what the
    // loader keeps for us when the frame has no storage of its own. Without a loader (the page opened
    // directly) there is nothing to wait for.
    this.configured = new Promise((resolve) => (this.gotConfig = resolve));
    if (!this.parentWin) this.gotConfig(null);
    addEventListener('message', (e) => this.onParent(e));
    this.post('READY', { bot: this.bot });
    this.start();
  }

  post(type, fields) {
    if (this.parentWin && this.host) this.parentWin.postMessage(msg(type, fields), this.host);
  }

  onParent(e) {
    const m = accept(e, this.host, this.parentWin, this.handlers);
    if (m) this.handlers[m.type](m);
  }

  get handlers() {
    const open = (focus) => {
      this.open = true;
      this.setUnread(0);
      this.focusWanted = focus;
      this.takeFocus();
    };
    return this._h || (this._h = {
      CONFIG: (m) => {
        if (this.hasConfig) return; // once: the answer to our READY
        this.hasConfig = true;
        if (isJwt(m.identity)) this.identity = m.identity;
        let kept = null;
        try {
          kept = typeof m.saved === 'string' ? JSON.parse(m.saved) : null;
        } catch { /* not ours */ }
        this.gotConfig(kept && typeof kept === 'object' ? kept : null);
        if (m.open) open(m.focus === true); // focus only when the visitor opened it (not data-open)
      },
      OPEN: () => open(true),
      CLOSE: () => (this.open = this.focusWanted = false),
      // Parley.reset(), e.g. on logout: a new conversation, and the site's identity is forgotten (the panel's own button keeps it)
      NEW_CONVERSATION: () => {
        this.identity = null;
        this.reset();
      },
      // unsaved bot settings from the console's live preview: only Parley's own pages may send them (DD-045)
      PREVIEW: (m) => {
        if (this.host !== location.origin || !m.config || typeof m.config !== 'object') return;
        this.preview = m.config;
        if (!this.config) return; // start() applies it together with the saved settings
        this.applyConfig(this.config);
        if (!this.log.querySelector('.user')) {
          this.clear();
          this.showStarters(true);
        }
      },
      IDENTIFY: (m) => {
        if (!isJwt(m.token) || m.token === this.identity) return;
        this.identity = m.token;
        this.ready.then(() => this.newSession(false)).then(() => this.loadHistory()).catch(() => {});
      },
    });
  }

  /** Focus into the message box when the visitor opened the panel (not data-open), once it can take it. */
  takeFocus() {
    if (this.focusWanted && this.open && !this.root.activeElement) this.input.focus();
  }

  // ---- DOM -------------------------------------------------------------------------------

  el(tag, cls, parent, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  button(cls, parent, label, icon, onClick) {
    const b = this.el('button', cls, parent);
    b.type = 'button';
    if (icon) {
      b.setAttribute('aria-label', label);
      b.title = label;
      const svg = b.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'path')).setAttribute('d', ICONS[icon]);
    } else b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  build(css) {
    const t = this.t;
    if (css) {
      this.style.visibility = 'hidden';
      const link = this.el('link', null, this.root);
      link.rel = 'stylesheet';
      link.href = css;
      link.onload = link.onerror = () => {
        this.style.removeProperty('visibility');
        this.takeFocus(); // a hidden element cannot take focus: the visitor's open may have come first
      };
    }
    const panel = this.el('div', 'panel', this.root);
    const head = this.el('header', 'head', panel);
    this.avatar = this.el('span', 'avatar', head, 'P');
    this.avatar.setAttribute('aria-hidden', 'true');
    this.titleEl = this.el('h1', 'title', head, t('title'));
    this.button('icon', head, t('reset'), 'reset', () => this.reset());
    if (this.parentWin) this.button('icon', head, t('close'), 'close', () => this.post('CLOSE'));
    this.body = this.el('div', 'body', panel);
    this.log = this.el('div', 'log', this.body);
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-label', t('messages'));
    this.stream = this.el('div', 'stream', this.body);
    this.stream.setAttribute('aria-hidden', 'true');
    this.starters = this.el('div', 'starters', this.body);
    this.starters.setAttribute('role', 'group');
    this.starters.setAttribute('aria-label', t('suggestions'));
    this.status = this.el('p', 'status', panel);
    this.status.setAttribute('role', 'status');
    const form = this.el('form', 'composer', panel);
    this.input = this.el('textarea', null, form);
    this.input.rows = 1;
    this.input.maxLength = 4000;
    this.input.placeholder = t('placeholder');
    this.input.setAttribute('aria-label', t('placeholder'));
    this.input.value = storage.get(this.key + '.draft') || '';
    this.input.addEventListener('input', () => this.persist());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit ? form.requestSubmit() : this.submit();
      }
    });
    this.sendBtn = this.button('send', form, t('send'), 'send', () => {});
    this.sendBtn.type = 'submit';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  onKey(e) {
    if (e.key === 'Escape') {
      if (this.pop) this.closePop();
      else this.post('CLOSE');
      e.preventDefault();
    } else if (e.key === 'Tab') {
      // keep focus inside the open panel
      const all = [...this.root.querySelectorAll('button,textarea,a[href]')].filter((x) => !x.disabled && x.offsetParent !== null);
      if (!all.length) return;
      const first = all[0], last = all[all.length - 1], active = this.root.activeElement;
      if (e.shiftKey ? active === first : active === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    }
  }

  applyConfig(c) {
    if (this.preview) c = { ...c, ...this.preview };
    const name = String(c.name || '').slice(0, 80);
    if (name) {
      this.titleEl.textContent = name;
      this.avatar.textContent = name.trim()[0].toUpperCase();
      document.title = name;
    }
    // an avatar only from Parley's own origin (img-src 'self'); anything else keeps the initial
    const avatar = c.avatarUrl && new URL(c.avatarUrl, location.href);
    if (avatar && avatar.origin === location.origin && /^https?:$/.test(avatar.protocol)) {
      this.avatar.textContent = '';
      this.el('img', null, this.avatar).src = avatar.href;
    }
    const color = parseHex(c.color) ? c.color : '#4f46e5';
    const s = this.style;
    s.setProperty('--accent', color);
    s.setProperty('--on-accent', textOn(color));
    s.setProperty('--accent-text', readableAccent(color, '#ffffff'));
    s.setProperty('--accent-text-dark', readableAccent(color, '#1f2026'));
    this.setAttribute('data-theme', /^(light|dark)$/.test(c.theme) ? c.theme : 'auto');
    this.config = c;
  }

  scroll(force) {
    const b = this.body;
    if (force || b.scrollHeight - b.scrollTop - b.clientHeight < 80) b.scrollTop = b.scrollHeight;
  }

  say(text) {
    this.status.textContent = text || '';
  }

  // ---- flow ------------------------------------------------------------------------------

  /** Config, session, history; a refusal for load (429), a 5xx or a network error is tried again later. */
  async start(attempt = 0) {
    if (!attempt) {
      this.ready = new Promise((r) => (this.started = r));
      // a question sent before the first history has loaded waits for it (else loading it would wipe the question)
      this.history = new Promise((r) => (this.historyLoaded = r));
    }
    try {
      const [c, relayed] = await Promise.all([this.api.config(this.bot, this.host || location.origin), this.configured]);
      this.applyConfig(c);
      const kept = storage.ok ? { session: storage.get(this.key) } : relayed || {};
      if (!storage.ok && typeof kept.draft === 'string' && !this.input.value) this.input.value = kept.draft.slice(0, 4000);
      let saved = kept.session;
      // an identified visitor's conversation is shown only while the site names them (after a logout it is not)
      if (identified(saved) && !this.identity) saved = null;
      if (!this.session) {
        if (saved && typeof saved.token === 'string' && typeof saved.conversationId === 'string') {
          this.session = saved;
          this.api.token = saved.token;
        }
        // with the site's identity token: the session of the visitor it names (their conversation, on any device)
        if (this.identity) await this.newSession(false);
        else if (!this.session) await this.newSession(true);
      }
      this.input.disabled = this.sendBtn.disabled = false;
      this.say('');
      this.started();
      this.takeFocus();
      try {
        await this.loadHistory();
      } finally {
        this.history = null;
        this.historyLoaded();
      }
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      this.fail(status === 429 ? 'busy' : 'config');
      if ((status === 429 || status === 0 || status >= 500) && attempt < 5) {
        setTimeout(() => this.start(attempt + 1), 1000 * Math.max(e.retryAfter || 0, 2 ** attempt));
      }
    }
  }

  fail(code) {
    this.say(this.t(code === 'busy' ? 'busy' : 'unavailable'));
    this.input.disabled = this.sendBtn.disabled = true;
    this.post('ERROR', { code });
  }

  /** A new visitor session; `fresh` asks for a new conversation. */
  async newSession(fresh) {
    const body = { bot: this.bot, host: this.host || location.origin };
    if (fresh) body.newConversation = true;
    else if (this.session) body.previousToken = this.session.token;
    if (this.identity) body.identityToken = this.identity;
    const before = this.session && this.session.conversationId;
    let s;
    try {
      s = await this.api.session(body);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 429 || e.status >= 500) throw e;
      if (e.status === 401 && body.identityToken) {
        // the site's JWT was refused: its developer learns why in the console; the visitor goes on anonymously
        console.warn('Parley.identify(): ' + e.message);
        this.post('ERROR', { code: 'identity' });
        this.identity = null;
        if (this.session && !identified(this.session)) {
          this.api.token = this.session.token;
          return false;
        }
        this.session = null;
        return this.newSession(true);
      }
      // the old session cannot be continued (too old, revoked, another key): start afresh
      if (fresh) throw e;
      delete body.previousToken;
      body.newConversation = true;
      s = await this.api.session(body);
    }
    this.session = { token: s.token, expiresAt: s.expiresAt, conversationId: s.conversationId, visitorId: s.visitorId };
    this.persist();
    return s.conversationId !== before;
  }

  /**
   * Keeps the session and the typed draft for the next page: in the frame's own storage, else (third-party
   * storage blocked) in the host page's, through the loader (STORE; it hands them back in CONFIG).
   */
  persist() {
    const draft = this.input.value || null;
    if (storage.ok) {
      storage.set(this.key, this.session || null);
      storage.set(this.key + '.draft', draft);
    } else if (this.hasConfig) {
      // before CONFIG we do not know what the loader keeps, and must not overwrite it
      this.post('STORE', { data: this.session || draft ? JSON.stringify({ session: this.session, draft }) : null });
    }
  }

  /** Runs an API call with a valid session, renewing it once on 401 or when it has expired. */
  async authed(fn) {
    await this.ready;
    const exp = this.session && Date.parse(this.session.expiresAt);
    if (!this.session || exp < Date.now() + 30000) await this.newSession(!this.session);
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      await this.newSession(false);
      return fn();
    }
  }

  async loadHistory() {
    let list = [];
    try {
      list = await this.authed(() => this.api.history(this.session.conversationId));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      await this.newSession(true);
    }
    this.clear();
    for (const m of list) {
      if (/^user$/i.test(m.role)) this.userMsg(m.content);
      else if (/^assistant$/i.test(m.role)) this.botMsg(m.content, m.sources || [], m.id, m.rating);
    }
    this.showStarters(!list.some((m) => /^user$/i.test(m.role)));
    this.scroll(true);
  }

  clear() {
    this.log.textContent = '';
    this.stream.textContent = '';
    this.say('');
    const welcome = this.config && this.config.welcomeMessage;
    if (welcome) this.botMsg(welcome, [], null, null);
  }

  showStarters(show) {
    this.starters.textContent = '';
    const qs = (show && this.config && this.config.starterQuestions) || [];
    for (const q of qs.slice(0, 6)) this.button('starter', this.starters, String(q), null, () => this.send(String(q)));
  }

  async reset() {
    if (this.abort) this.abort.abort();
    this.input.value = '';
    this.persist();
    try {
      await this.ready;
      await this.newSession(true);
      this.clear();
      this.showStarters(true);
      this.input.focus();
    } catch {
      this.say(this.t('unavailable'));
    }
  }

  setUnread(n) {
    if (n === this.unread) return;
    this.unread = n;
    this.post('UNREAD', { count: n });
  }

  submit() {
    const text = this.input.value.trim();
    if (!text || this.busy) return;
    this.input.value = '';
    this.persist();
    this.send(text);
  }

  send(content) {
    // a question typed while the history is still loading would be wiped when it arrives: wait for it
    if (this.history) return void this.history.then(() => this.send(content), () => this.send(content));
    this.showStarters(false);
    const turn = { content, key: uuid(), el: this.userMsg(content) };
    this.scroll(true);
    this.run(turn);
  }

  userMsg(text) {
    const m = this.el('div', 'msg user', this.log);
    this.el('span', 'sr', m, this.t('you') + ': ');
    this.el('div', 'bubble', m, text);
    return m;
  }

  /** A finished answer: Markdown with citation chips, and thumbs when it has an id. */
  botMsg(text, sources, id, rating) {
    const m = this.el('div', 'msg bot', this.log);
    this.el('span', 'sr', m, this.titleEl.textContent + ': ');
    const bubble = this.el('div', 'bubble', m);
    bubble.appendChild(renderMarkdown(text, { cite: (n) => this.chip(n, sources, m) }));
    if (id) {
      const row = this.el('div', 'actions', m);
      const rate = (value, btn) => this.authed(() => this.api.feedback(id, value)).then(() => {
        for (const b of row.children) b.setAttribute('aria-pressed', String(b === btn));
        this.say(this.t('thanks'));
      }, () => this.say(this.t('unavailable')));
      const up = this.button('icon', row, this.t('up'), 'up', () => rate('up', up));
      const down = this.button('icon', row, this.t('down'), 'down', () => rate('down', down));
      up.setAttribute('aria-pressed', String(rating > 0));
      down.setAttribute('aria-pressed', String(rating < 0));
    }
    return m;
  }

  /** A numbered chip for source n: opens its URL, or shows its title, section and page. */
  chip(n, sources, msgEl) {
    const s = sources.find((x) => x && Number(x.n) === n);
    if (!s) return null;
    const title = String(s.title || '').slice(0, 200);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'cite';
    b.textContent = String(n);
    b.setAttribute('aria-label', this.t('source', { n }) + (title ? ': ' + title : ''));
    const url = s.url && safeUrl(s.url);
    b.addEventListener('click', () => {
      if (url) window.open(url, '_blank', 'noopener,noreferrer');
      else this.showPop(b, msgEl, [title, s.section, s.page != null ? '#' + s.page : ''].filter(Boolean).join(' · '));
    });
    return b;
  }

  showPop(chip, msgEl, text) {
    const same = this.pop && this.pop.chip === chip;
    this.closePop();
    if (same) return;
    const p = this.el('p', 'pop', msgEl, text);
    p.setAttribute('role', 'note');
    p.chip = chip;
    chip.setAttribute('aria-expanded', 'true');
    this.pop = p;
  }

  closePop() {
    if (!this.pop) return;
    this.pop.chip.setAttribute('aria-expanded', 'false');
    this.pop.chip.focus();
    this.pop.remove();
    this.pop = null;
  }

  /** Sends one turn (again, on retry, with the same idempotency key) and streams its answer. */
  async run(turn) {
    const t = this.t;
    const old = turn.el.querySelector('.fail');
    if (old) old.remove();
    this.busy = this.sendBtn.disabled = true;
    this.say('');
    const live = this.el('div', 'msg bot streaming', this.stream);
    const bubble = this.el('div', 'bubble', live);
    this.el('span', 'typing', bubble).setAttribute('aria-label', t('typing'));
    let sources = [], text = '', done = null, error = null, timer = 0;
    const paint = () => {
      timer = 0;
      bubble.textContent = '';
      bubble.appendChild(renderMarkdown(text, { cite: (n) => this.chip(n, sources, live) }));
      this.scroll();
    };
    this.abort = new AbortController();
    try {
      await this.authed(() => this.api.send(this.session.conversationId, turn.content, turn.key, (name, v) => {
        if (name === 'sources') sources = Array.isArray(v.sources) ? v.sources : [];
        else if (name === 'delta' && typeof v.text === 'string') {
          text += v.text;
          timer = timer || setTimeout(paint, 40);
        } else if (name === 'done') done = v;
        else if (name === 'error') error = v;
      }, this.abort.signal));
    } catch (e) {
      error = e;
    }
    clearTimeout(timer);
    live.remove();
    this.busy = this.sendBtn.disabled = false;
    if (done && !error) {
      // moved into the live region only now, so a screen reader announces the whole answer once
      this.botMsg(text, sources, done.messageId, 0);
      this.post('MESSAGE', { role: 'assistant', text });
      if (!this.open) this.setUnread(this.unread + 1);
      this.scroll();
      return;
    }
    if (error && error.name === 'AbortError') return;
    if (error && (error.reconnect || error.code === 'SHUTDOWN') && (turn.auto = (turn.auto || 0) + 1) <= 2) {
      // the node is shutting down: ask again (same key, so nothing is stored twice) on another node
      setTimeout(() => this.run(turn), 300 + Math.random() * 700);
      return;
    }
    const status = error instanceof ApiError ? error.status : 0;
    const final = status === 400 || status === 409 || status === 413;
    const fail = this.el('p', 'fail', turn.el, status === 413 ? t('tooLong') : status === 429 ? t('busy') : text || error && error.code ? t('interrupted') : t('failed'));
    if (!final && !(error && error.retryable === false)) this.button('retry', fail, t('retry'), null, () => this.run(turn));
    this.scroll();
  }
}

ParleyChat.css = '';
