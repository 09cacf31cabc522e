// A smoke run of the built widget in the machine's Debian chromium (never a downloaded browser):
// starts the dev server, opens the hostile host page, clicks the launcher, types a question,
// reads the streamed answer inside the cross-origin iframe, presses Escape, and saves screenshots.
//   npm run build && node --experimental-websocket scripts/smoke-chromium.mjs [OUT_DIR]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = process.argv[2] || 'dist/smoke';
mkdirSync(out, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const server = spawn(process.execPath, [fileURLToPath(new URL('dev-server.mjs', import.meta.url)), '8790'], { stdio: 'ignore' });
const chrome = spawn(process.env.CHROMIUM || 'chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
  '--remote-debugging-port=9333', '--window-size=1000,760', 'about:blank'], { stdio: 'ignore' });
const fail = (m) => { console.error('SMOKE FAILED: ' + m); chrome.kill(); server.kill(); process.exit(1); };

let targets;
for (let i = 0; i < 50 && !targets; i++) { try { targets = await (await fetch('http://127.0.0.1:9333/json')).json(); } catch { await sleep(200); } }
if (!targets) fail('chromium did not start');
const ws = new WebSocket(targets.find((t) => t.type === 'page').webSocketDebuggerUrl);
await new Promise((r) => (ws.onopen = r));
let id = 0, frameSession = null;
const pending = new Map();
ws.onmessage = (m) => {
  const d = JSON.parse(m.data);
  if (d.id && pending.has(d.id)) { pending.get(d.id)(d); pending.delete(d.id); }
  if (d.method === 'Target.attachedToTarget' && d.params.targetInfo.type === 'iframe') frameSession = d.params.sessionId;
};
const cmd = (method, params = {}, sessionId) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params, sessionId })); });
const evaluate = async (expression, session) => (await cmd('Runtime.evaluate', { expression, returnByValue: true }, session)).result?.result?.value;
const shot = async (name) => writeFileSync(`${out}/${name}.png`, Buffer.from((await cmd('Page.captureScreenshot', { format: 'png' })).result.data, 'base64'));
const click = async (x, y) => { for (const type of ['mousePressed', 'mouseReleased']) await cmd('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }); };
const key = async (key, code) => { for (const type of ['keyDown', 'keyUp']) await cmd('Input.dispatchKeyEvent', { type, key, code, windowsVirtualKeyCode: code === 'Enter' ? 13 : 27 }); };

await cmd('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
await cmd('Page.enable');
await cmd('Page.navigate', { url: 'http://localhost:8791/' });
await sleep(1500);
if (await evaluate('!!document.querySelector("iframe")')) fail('an iframe before the first open');
const [w, h] = await evaluate('[innerWidth, innerHeight]');
await click(w - 48, h - 48);
for (let i = 0; i < 30 && !frameSession; i++) await sleep(100);
if (!frameSession) fail('no iframe after opening');
await sleep(1500);
const inFrame = (e) => evaluate(`(() => { const r = document.querySelector('parley-chat').shadowRoot; return ${e}; })()`, frameSession);
if ((await inFrame('r.activeElement && r.activeElement.tagName')) !== 'TEXTAREA') fail('focus is not in the message box');
await cmd('Input.insertText', { text: 'How do I back up?' });
await key('Enter', 'Enter');
await sleep(2500);
await shot('desktop-answer');
const answer = await inFrame('[...r.querySelectorAll(".log .bot")].pop().textContent');
if (!/Backups are one command/.test(answer)) fail('no streamed answer: ' + answer);
if ((await inFrame('r.querySelectorAll(".log .cite").length')) < 2) fail('no citation chips');
for (let i = 0; i < 12; i++) {
  for (const type of ['keyDown', 'keyUp']) await cmd('Input.dispatchKeyEvent', { type, key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
  if (!(await inFrame('document.hasFocus() && !!r.activeElement'))) fail(`Tab ${i + 1} left the panel`);
}
await key('Escape', 'Escape');
await sleep(300);
if (await evaluate('document.activeElement.tagName') !== 'PARLEY-LAUNCHER') fail('focus did not return to the launcher');
console.log(`smoke ok: open, focus, send, streamed answer with chips, Tab stays in the panel, Escape; screenshots in ${out}/`);
chrome.kill();
server.kill();
process.exit(0);
