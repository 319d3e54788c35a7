#!/usr/bin/env node
// `npm test`: every tier in order (static checks, unit, integration, faults, browser), with the number of tests per tier.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'tmp', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const UNIT_CONFIGS = [
  'libs/contracts/vitest.config.mts',
  'apps/api/vitest.config.mts',
  'apps/dashboard/vitest.config.mts',
  'tools/bench/vitest.config.mts',
  'tools/checks/vitest.config.mts',
].filter((config) => existsSync(join(root, config)));
const INTEGRATION_CONFIGS = ['apps/api/vitest.integration.config.mts'];
const FAULT_CONFIGS = ['apps/api/vitest.faults.config.mts'];
// Redis Cluster, MySQL replicas and a fleet behind HAProxy, each on private servers the tier starts itself.
const SCALE_CONFIGS = ['apps/api/vitest.scale.config.mts'];

const only = process.argv.slice(2);
const wanted = (tier) => only.length === 0 || only.includes(tier);
const summary = [];
let failed = false;
let staticChecks = 'not run';

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function vitestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.success === false && report.numFailedTests === 0 ? 1 : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 };
}

function vitestTier(tier, configs) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const config of configs) {
    const name = config.split('/').slice(0, 2).join('-');
    const file = join(out, `${tier}-${name}.json`);
    const ok = run(`${tier} (${config})`, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
    const counts = vitestCounts(file);
    if (!ok && counts.failed === 0) counts.failed = 1;
    for (const key of Object.keys(total)) total[key] += counts[key];
  }
  return total;
}

function record(tier, counts) {
  summary.push({ tier, ...counts });
  if (counts.failed > 0) failed = true;
}

if (wanted('static')) {
  const lint = run('static: lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--output-style=stream']);
  const types = run('static: typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--output-style=stream']);
  staticChecks = `lint ${lint ? 'ok' : 'FAILED'}, typecheck ${types ? 'ok' : 'FAILED'}`;
  if (!lint || !types) failed = true;
}
if (wanted('unit')) record('unit', vitestTier('unit', UNIT_CONFIGS));
if (wanted('integration')) {
  // Some integration tests run the worker as a real process (to kill it mid-batch), so they need the build.
  if (!run('integration: build api', 'npx', ['nx', 'run', 'api:build', '--output-style=stream'])) failed = true;
  record('integration', vitestTier('integration', INTEGRATION_CONFIGS));
}
if (wanted('faults')) {
  // Private redis-server and mariadbd killed with -9 under the BUILT API and worker (built by the integration tier,
  // or here when the tier runs alone).
  if (!wanted('integration') && !run('faults: build api', 'npx', ['nx', 'run', 'api:build', '--output-style=stream'])) failed = true;
  record('faults', vitestTier('faults', FAULT_CONFIGS));
}
if (wanted('scale')) {
  // The fleet runs the built API and worker; the integration tier has built them unless it was skipped.
  if (!wanted('integration') && !run('scale: build api', 'npx', ['nx', 'run', 'api:build', '--output-style=stream'])) failed = true;
  record('scale', vitestTier('scale', SCALE_CONFIGS));
}
if (wanted('browser')) {
  const file = join(out, 'browser.json');
  const ok = run('browser', 'npx', ['nx', 'run', 'dashboard-e2e:e2e', '--output-style=stream'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const counts = playwrightCounts(file);
  if (!ok && counts.failed === 0) counts.failed = 1;
  record('browser', counts);
}

console.log('\n━━ Test summary');
console.log(`${'static checks'.padEnd(28)} ${staticChecks}`);
for (const row of summary) {
  console.log(`${row.tier.padEnd(28)} ${String(row.passed).padStart(5)} passed  ${String(row.failed).padStart(3)} failed  ${String(row.skipped).padStart(3)} skipped`);
}
const totals = summary.reduce((sum, row) => ({ passed: sum.passed + row.passed, failed: sum.failed + row.failed, skipped: sum.skipped + row.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
