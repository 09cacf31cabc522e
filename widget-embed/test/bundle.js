// Bundles an entry point the way the build does and runs it inside a jsdom window.
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { TextDecoder, TextEncoder } from 'node:util';
import { fileURLToPath } from 'node:url';

const src = (p) => fileURLToPath(new URL('../src/' + p, import.meta.url));

export async function bundle(entry) {
  const r = await build({ entryPoints: [src(entry)], bundle: true, format: 'iife', write: false, target: ['es2020'], logLevel: 'silent' });
  return r.outputFiles[0].text;
}

/** A jsdom window at `url` with scripts enabled and the few APIs jsdom lacks stubbed. */
export function windowAt(url, html = '<!doctype html><html lang="de"><head></head><body><p>host page</p></body></html>') {
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  const w = dom.window;
  w.TextDecoder = TextDecoder;
  w.TextEncoder = TextEncoder;
  const roots = [];
  const attach = w.Element.prototype.attachShadow;
  w.Element.prototype.attachShadow = function (init) {
    const r = attach.call(this, init);
    roots.push(r); // closed roots too, so tests can look inside
    return r;
  };
  return { dom, w, roots };
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
