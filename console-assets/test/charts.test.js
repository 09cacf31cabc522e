// The wrapper turns the server's JSON into a Chart.js configuration without evaluating anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

function load() {
  const sandbox = {};
  vm.runInNewContext(readFileSync(new URL('../src/parley-charts.js', import.meta.url), 'utf8'), { globalThis: sandbox });
  return sandbox.parleyCharts;
}

test('a line chart with one series fills under the line and hides the legend', () => {
  const config = load().toConfig({ kind: 'line', labels: ['1 Jan', '2 Jan'], series: [{ name: 'Conversations', values: [3, 4] }] }, '#111', '#eee');
  assert.equal(config.type, 'line');
  assert.deepEqual(config.data.datasets[0].data, [3, 4]);
  assert.equal(config.data.datasets[0].fill, true);
  assert.equal(config.options.plugins.legend.display, false);
  assert.equal(config.options.animation, false);
});

test('stacked bars share one stack and show a legend', () => {
  const config = load().toConfig({ kind: 'bar', stacked: true, labels: ['a'], series: [
    { name: 'Answered', values: [5], color: '#059669' }, { name: 'Unanswered', values: [1] }] }, '#111', '#eee');
  assert.equal(config.type, 'bar');
  assert.equal(config.data.datasets[0].stack, 'all');
  assert.equal(config.data.datasets[0].backgroundColor, '#059669');
  assert.equal(config.options.scales.y.stacked, true);
  assert.equal(config.options.plugins.legend.display, true);
});

test('percent charts label the axis in percent and keep missing days as gaps', () => {
  const config = load().toConfig({ kind: 'line', percent: true, labels: ['a', 'b'], series: [{ name: 'Rate', values: [0.5, null] }] }, '#111', '#eee');
  assert.equal(config.options.scales.y.ticks.callback(0.25), '25%');
  assert.equal(config.data.datasets[0].data[1], null);
  assert.equal(config.data.datasets[0].spanGaps, true);
});

test('names are used as text, markup included', () => {
  const config = load().toConfig({ kind: 'line', labels: ['<b>x</b>'], series: [{ name: '<img src=x onerror=alert(1)>', values: [1] }] }, '#111', '#eee');
  assert.equal(config.data.datasets[0].label, '<img src=x onerror=alert(1)>');
  assert.equal(config.data.labels[0], '<b>x</b>');
});
