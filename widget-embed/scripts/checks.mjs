// Checks the build runs on its output: size budgets (gzipped) and a scan for secrets.
import { gzipSync } from 'node:zlib';

export const BUDGETS = { loader: 2048, app: 15 * 1024 };

export const gzipSize = (buf) => gzipSync(buf, { level: 9 }).length;

// Anything that looks like a credential must never ship in a public asset.
export const SECRET_PATTERNS = [
  [/prly_[A-Za-z0-9]/, 'a Parley API key (prly_…)'],
  [/\bsk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{16,}/, 'an "sk-" secret key'],
  [/-----BEGIN[ A-Z]*-----/, 'a PEM block (-----BEGIN …)'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/, 'a JWT'],
  [/\b(?:api[_-]?key|secret|password)\s*[:=]\s*["'][^"']{8,}["']/i, 'a hard-coded credential'],
];

/** [{pattern, what}] for each secret-like string in the text. */
export function findSecrets(text) {
  return SECRET_PATTERNS.filter(([re]) => re.test(text)).map(([re, what]) => ({ pattern: String(re), what }));
}

/** Problems with the built assets: over budget or containing secrets. */
export function checkAssets(assets) {
  const problems = [];
  const gz = (names) => names.reduce((sum, n) => sum + gzipSize(assets[n]), 0);
  const loader = gz(['loader']);
  if (loader > BUDGETS.loader) problems.push(`embed.js is ${loader} B gzipped, over its budget of ${BUDGETS.loader} B`);
  const app = gz(['app', 'css']);
  if (app > BUDGETS.app) problems.push(`the chat app (JS + CSS) is ${app} B gzipped, over its budget of ${BUDGETS.app} B`);
  for (const [name, buf] of Object.entries(assets)) {
    for (const s of findSecrets(buf.toString('utf8'))) problems.push(`${name} contains ${s.what} (${s.pattern})`);
  }
  return problems;
}
