// The console's live preview (/bot-preview/{botId}): Parley's real widget on a page of Parley's own
// origin, showing the bot settings being edited before they are saved. The settings view writes
// them, as JSON, into the data-preview attribute of this page's <iframe> element; this script
// watches it. Launcher colour, position, language and open/closed are the loader's (read when it
// starts), so a change there starts the loader afresh; the rest goes to the chat app as a PREVIEW
// message, which it accepts only because its host page is Parley itself. See DD-045.
(() => {
  const body = document.body;
  const saved = { color: body.dataset.color, position: body.dataset.position, language: body.dataset.lang, open: true };
  let mounted = '';
  let app = null;
  let draft = saved;

  const read = () => {
    try {
      return JSON.parse(window.frameElement && window.frameElement.getAttribute('data-preview')) || {};
    } catch {
      return {};
    }
  };
  const push = () => app && app.postMessage({ v: 1, type: 'PREVIEW', config: draft }, location.origin);

  function mount() {
    document.querySelectorAll('parley-launcher, script[data-bot]').forEach((e) => e.remove());
    delete window.Parley; // the loader starts only once per page otherwise
    app = null;
    const s = document.createElement('script');
    s.src = '/embed.js';
    Object.assign(s.dataset, { bot: body.dataset.bot, color: draft.color, position: draft.position, lang: draft.language });
    if (draft.open !== false) s.dataset.open = 'true'; // opened quietly: the console keeps the keyboard focus
    body.appendChild(s);
  }

  function apply() {
    draft = { ...saved, ...read() };
    const key = [draft.color, draft.position, draft.language, draft.open].join(' ');
    if (key !== mounted) {
      mounted = key;
      mount();
    } else push();
  }

  // The app says READY to its parent (this page) when it starts: that is its window, for PREVIEW.
  addEventListener('message', (e) => {
    const m = e.data;
    if (e.origin === location.origin && e.source && e.source !== window && e.source.parent === window
        && m && m.v === 1 && m.type === 'READY') {
      app = e.source;
      push();
    }
  });
  if (window.frameElement) {
    new MutationObserver(apply).observe(window.frameElement, { attributes: true, attributeFilter: ['data-preview'] });
  }
  apply();
})();
