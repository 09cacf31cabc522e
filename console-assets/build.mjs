// Copies Chart.js's UMD build (pinned in package-lock.json) and Parley's wrapper into one classic
// script, parley-charts.js, in the folder given by --out (the jar's META-INF/resources/console/). The console
// loads it at run time, so Vaadin's pre-built bundle stays as it is and no Node runs at start.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag > 0 ? process.argv[outFlag + 1] : join(here, 'dist'));
const pkg = JSON.parse(readFileSync(join(here, 'node_modules/chart.js/package.json'), 'utf8'));
// The map comment would make browsers ask for a file that is not served.
const chart = readFileSync(join(here, 'node_modules/chart.js/dist/chart.umd.min.js'), 'utf8')
  .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
const wrapper = readFileSync(join(here, 'src/parley-charts.js'), 'utf8');
const budget = 260 * 1024;
const script = `/* Chart.js ${pkg.version} (MIT, https://www.chartjs.org) */\n${chart}\n;\n${wrapper}`;
if (Buffer.byteLength(script) > budget) {
  console.error(`parley-charts.js is ${Buffer.byteLength(script)} bytes, over its budget of ${budget}`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'parley-charts.js'), script);
