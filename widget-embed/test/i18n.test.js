import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLang, translator } from '../src/app/i18n.js';

test('the first supported language wins: data-lang / page lang, then the browser, else English', () => {
  assert.equal(pickLang('de-AT', 'fr-FR'), 'de');
  assert.equal(pickLang('', 'fr-FR'), 'fr');
  assert.equal(pickLang(null, 'ES'), 'es');
  assert.equal(pickLang('ja', 'zh-CN'), 'en');
});

test('every language has every string, and placeholders are filled', () => {
  const keys = ['title', 'placeholder', 'send', 'close', 'reset', 'up', 'down', 'thanks', 'retry', 'failed', 'interrupted', 'typing', 'busy', 'unavailable', 'source', 'messages', 'suggestions', 'you', 'tooLong'];
  for (const lang of ['en', 'de', 'fr', 'es']) {
    const t = translator(lang);
    for (const k of keys) assert.ok(t(k) && t(k) !== k, `${lang}.${k}`);
    assert.match(t('source', { n: 3 }), /3/);
  }
  assert.equal(translator('de')('reset'), 'Neues Gespräch');
});
