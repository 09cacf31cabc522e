// Builds the widget: embed.js (loader, IIFE) and app.<hash>.js + app.<hash>.css (chat app), plus
// manifest.json naming them. Fails when an asset is over its gzipped budget or contains a secret.
//   node build.mjs [--out DIR]     (or PARLEY_WIDGET_OUT=DIR); default: dist/
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAssets, gzipSize } from './scripts/checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = process.argv.indexOf('--out');
const out = resolve(arg > 0 && process.argv[arg + 1] ? process.argv[arg + 1] : process.env.PARLEY_WIDGET_OUT || join(here, 'dist'));

const common = { bundle: true, minify: true, write: false, legalComments: 'none', charset: 'utf8', logLevel: 'warning' };
const bytes = async (options) => Buffer.from((await build({ ...common, ...options })).outputFiles[0].contents);
const hash = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 10);

try {
  const loader = await bytes({ entryPoints: [join(here, 'src/loader/index.js')], format: 'iife', target: ['es2020'] }); // es2020: optional chaining, shorter
  const css = await bytes({ entryPoints: [join(here, 'src/app/styles.css')], target: ['chrome100', 'firefox100', 'safari15'] });
  const cssName = `app.${hash(css)}.css`;
  const app = await bytes({
    entryPoints: [join(here, 'src/app/index.js')], format: 'iife', target: ['es2020'],
    define: { __PARLEY_CSS__: JSON.stringify(cssName) },
  });
  const appName = `app.${hash(app)}.js`;

  const assets = { loader, app, css };
  const names = { loader: 'embed.js', app: appName, css: cssName };
  console.log('asset'.padEnd(26) + 'raw'.padStart(9) + 'gzip'.padStart(9));
  for (const k of Object.keys(assets)) {
    console.log(names[k].padEnd(26) + String(assets[k].length).padStart(9) + String(gzipSize(assets[k])).padStart(9));
  }
  console.log('app JS + CSS'.padEnd(26) + String(app.length + css.length).padStart(9) + String(gzipSize(app) + gzipSize(css)).padStart(9));

  const problems = checkAssets(assets);
  if (problems.length) {
    console.error('\nWidget build FAILED:\n  - ' + problems.join('\n  - '));
    process.exit(1);
  }

  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (/^app\.[0-9a-f]+\.(js|css)$/.test(f)) rmSync(join(out, f)); // no stale hashed files
  writeFileSync(join(out, 'embed.js'), loader);
  writeFileSync(join(out, appName), app);
  writeFileSync(join(out, cssName), css);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ loader: 'embed.js', app: appName, css: cssName }, null, 2) + '\n');
  console.log(`\nWrote ${out}`);
} catch (e) {
  console.error('Widget build FAILED: ' + (e && e.message ? e.message : e));
  process.exit(1);
}
