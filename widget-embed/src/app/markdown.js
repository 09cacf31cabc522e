// A tiny Markdown renderer that builds DOM nodes with createElement and textContent only: no
// innerHTML, so model output and source text can never become markup. Supported: paragraphs, line
// breaks, **bold**, *italic*, `code`, fenced code blocks, bullet and numbered lists, headings (as
// bold paragraphs), [links](http…) and <http…> autolinks, and [n] citations through a callback.
// Images are rendered as their alt text; raw HTML stays text; a link whose URL is not http(s) or
// mailto stays text. Elements it can create: p, br, strong, em, code, pre, ul, ol, li, a.

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/** The normalised URL when it is an absolute http(s) or mailto URL, else null. */
export function safeUrl(raw) {
  const s = String(raw || '').trim();
  // Control characters and whitespace inside a URL are an obfuscation attempt, not a link.
  if (!s || /[\u0000-\u0020\u007f-\u009f]/.test(s)) return null;
  try {
    const u = new URL(s);
    return SAFE_PROTOCOLS.indexOf(u.protocol) >= 0 ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Renders Markdown into a DocumentFragment.
 * @param {string} md
 * @param {{doc?: Document, cite?: (n: number) => Node|null}} [opts]
 */
export function renderMarkdown(md, opts = {}) {
  const doc = opts.doc || document;
  const ctx = { doc, cite: opts.cite };
  const frag = doc.createDocumentFragment();
  const lines = String(md || '').replace(/\r\n?/g, '\n').split('\n');
  let para = null;
  let list = null;
  const el = (tag, parent) => parent.appendChild(doc.createElement(tag));
  const endBlocks = () => { para = null; list = null; };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      endBlocks();
      const body = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      el('code', el('pre', frag)).textContent = body.join('\n');
      continue;
    }
    if (!line.trim()) { endBlocks(); continue; }
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endBlocks();
      inline(heading[1], el('strong', el('p', frag)), ctx, 0);
      continue;
    }
    const item = /^\s*(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
    if (item) {
      const tag = item[1] ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        para = null;
        list = el(tag, frag);
      }
      inline(item[3], el('li', list), ctx, 0);
      continue;
    }
    const text = line.replace(/^\s*>\s?/, '');
    if (list && /^\s{2,}/.test(line)) {
      // a continuation line of the last list item
      const li = list.lastChild;
      el('br', li);
      inline(text.trim(), li, ctx, 0);
      continue;
    }
    list = null;
    if (para) el('br', para);
    else para = el('p', frag);
    inline(text, para, ctx, 0);
  }
  return frag;
}

/** Finds the closing delimiter `d` for an emphasis run starting at `from`. */
function closing(s, d, from) {
  for (let j = s.indexOf(d, from); j > from; j = s.indexOf(d, j + 1)) {
    if (!/\s/.test(s[j - 1]) && (d[0] !== '_' || !/\w/.test(s[j + d.length] || ''))) return j;
  }
  return -1;
}

// Link labels and URLs longer than these are not links: bounds the work per `[` and `(`.
const MAX_LABEL = 1000, MAX_URL = 2048;

/** Index just past the `)` that closes the `(` at `open`, or -1. */
function parenEnd(s, open) {
  let depth = 0;
  for (let j = open; j < s.length && j - open < MAX_URL; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j + 1;
    else if (s[j] === '\n') return -1;
  }
  return -1;
}

/** Index of the `]` closing the `[` at `open` (nesting allowed), or -1. */
function bracketEnd(s, open) {
  let depth = 0;
  for (let j = open; j < s.length && j - open < MAX_LABEL; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) return j;
  }
  return -1;
}

function inline(s, parent, ctx, depth) {
  const { doc } = ctx;
  let text = '';
  // a delimiter with no closer after position p has none after any later position either: remember
  // that, so a run of unmatched `*` or backticks costs linear, not quadratic, time
  const miss = {};
  const at = (re, i) => ((re.lastIndex = i), re.exec(s)); // a sticky match at i, without copying the rest
  const find = (d, from, fn) => {
    if (miss[d] <= from) return -1;
    const j = fn(s, d, from);
    if (j < 0) miss[d] = from;
    return j;
  };
  const flush = () => {
    if (text) parent.appendChild(doc.createTextNode(text));
    text = '';
  };
  const nest = (tag, inner) => {
    flush();
    const e = parent.appendChild(doc.createElement(tag));
    if (tag === 'a') ctx.inLink = true; // no link inside a link
    if (depth < 8) inline(inner, e, ctx, depth + 1);
    else e.textContent = inner;
    if (tag === 'a') ctx.inLink = false;
    return e;
  };
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '\\' && /[\\`*_[\]()!#<>~+\-.|{}]/.test(s[i + 1] || '')) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = at(/`+/y, i)[0];
      const j = find(run, i + run.length, (str, d, f) => str.indexOf(d, f));
      if (j > 0) {
        flush();
        parent.appendChild(doc.createElement('code')).textContent = s.slice(i + run.length, j).trim() || s.slice(i + run.length, j);
        i = j + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    if (c === '[' || (c === '!' && s[i + 1] === '[')) {
      const image = c === '!';
      const open = image ? i + 1 : i;
      const close = bracketEnd(s, open);
      const label = close > 0 ? s.slice(open + 1, close) : '';
      if (close > 0 && s[close + 1] === '(') {
        const end = parenEnd(s, close + 1);
        if (end > 0) {
          const target = s.slice(close + 2, end - 1).trim().replace(/\s+("[^"]*"|'[^']*')$/, '').replace(/^<(.*)>$/, '$1');
          const href = image ? null : safeUrl(target);
          if (image) text += label; // no images, ever: the alt text only
          else if (href && !ctx.inLink) {
            const a = nest('a', label || href);
            a.href = href;
            a.rel = 'noopener noreferrer';
            a.target = '_blank';
          } else if (depth < 8) {
            flush();
            inline(label, parent, ctx, depth + 1);
          } else text += label;
          i = end;
          continue;
        }
      }
      const cite = !image && at(/\[(\d{1,3})\]/y, i);
      if (cite && ctx.cite) {
        const node = ctx.cite(Number(cite[1]));
        if (node) {
          flush();
          parent.appendChild(node);
          i += cite[0].length;
          continue;
        }
      }
      text += c;
      i++;
      continue;
    }
    if (c === '<') {
      const auto = at(/<((?:https?:\/\/|mailto:)[^\s<>]{1,2048})>/iy, i);
      const href = auto && !ctx.inLink && safeUrl(auto[1]);
      if (href) {
        const a = nest('a', '');
        a.textContent = auto[1];
        a.href = href;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        i += auto[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const d = s[i + 1] === c ? c + c : c;
      const prevWord = /\w/.test(s[i - 1] || '');
      const next = s[i + d.length] || '';
      if (next && !/\s/.test(next) && !(c === '_' && prevWord)) {
        const j = find(d, i + d.length, closing);
        if (j > i + d.length) {
          nest(d.length === 2 ? 'strong' : 'em', s.slice(i + d.length, j));
          i = j + d.length;
          continue;
        }
      }
      text += d;
      i += d.length;
      continue;
    }
    text += c;
    i++;
  }
  flush();
}
