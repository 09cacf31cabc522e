import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrast, luminance, parseHex, readableAccent, textOn } from '../src/shared/color.js';

const COLOURS = ['#ffff00', '#4f46e5', '#000000', '#777777', '#ffffff', '#ff0000', '#00ff00', '#0000ff', '#808080', '#767676',
  '#f59e0b', '#10b981', '#ec4899', '#06b6d4', '#7c3aed', '#fff', '#123', '#e5e7eb', '#1f2937', '#8b5cf6'];

test('luminance of black and white', () => {
  assert.equal(luminance([0, 0, 0]), 0);
  assert.equal(luminance([255, 255, 255]), 1);
  assert.equal(contrast('#000000', '#ffffff'), 21);
});

test('text on any bot colour reaches AA (4.5:1)', () => {
  for (const c of COLOURS) assert.ok(contrast(textOn(c), c) >= 4.5, `${c} with ${textOn(c)}: ${contrast(textOn(c), c)}`);
  assert.equal(textOn('#ffff00'), '#000');
  assert.equal(textOn('#4f46e5'), '#fff');
  assert.equal(textOn('#000000'), '#fff');
  assert.equal(textOn('#777777'), '#000');
});

test('textOn picks whichever of black and white contrasts more', () => {
  for (let v = 0; v < 256; v += 3) {
    const c = '#' + v.toString(16).padStart(2, '0').repeat(3);
    const best = contrast(c, '#000') >= contrast(c, '#fff') ? '#000' : '#fff';
    assert.equal(textOn(c), best, c);
  }
});

test('an accent colour is adjusted until it reads on the panel background', () => {
  for (const c of COLOURS) {
    assert.ok(contrast(readableAccent(c, '#ffffff'), '#ffffff') >= 4.5, `${c} on white`);
    assert.ok(contrast(readableAccent(c, '#1f2026'), '#1f2026') >= 4.5, `${c} on dark`);
  }
  assert.equal(readableAccent('#000000', '#ffffff'), '#000000'); // already fine: unchanged
});

test('parseHex accepts #rgb and #rrggbb only', () => {
  assert.deepEqual(parseHex('#fa0'), [255, 170, 0]);
  assert.deepEqual(parseHex('#4F46E5'), [79, 70, 229]);
  for (const bad of ['red', '4f46e5', '#12345', 'url(x)', '#fff;background:url(x)', '', null, undefined]) assert.equal(parseHex(bad), null, String(bad));
});

test('the panel palette in styles.css reaches AA in light and dark themes', async () => {
  const { readFileSync } = await import('node:fs');
  const css = readFileSync(new URL('../src/app/styles.css', import.meta.url), 'utf8');
  const block = (sel) => {
    const body = css.slice(css.indexOf(sel)).split('}')[0];
    return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{3,6})/gi)].map((m) => [m[1], m[2]]));
  };
  const light = block(':host {');
  const dark = { ...light, ...block(':host([data-theme=dark]) {') };
  for (const [name, p] of [['light', light], ['dark', dark]]) {
    for (const [fg, bg] of [['fg', 'bg'], ['muted', 'bg'], ['danger', 'bg'], ['fg', 'bubble'], ['muted', 'bubble']]) {
      assert.ok(contrast(p[fg], p[bg]) >= 4.5, `${name}: --${fg} on --${bg} is ${contrast(p[fg], p[bg]).toFixed(2)}`);
    }
  }
});
