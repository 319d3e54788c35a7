#!/usr/bin/env node
// `npm test`: every tier in order through Nx targets (unchanged projects come from Nx's cache), with the number
// of tests per tier and one closing `N passed, N failed` line. `npm test -- unit integration` runs some tiers.
// The tiers are listed in test-tiers.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, INSTALL_HINT } from './chromium.mjs';
import { TIERS } from './test-tiers.mjs';


const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'tmp', 'test-results');
mkdirSync(out, { recursive: true });

const only = process.argv.slice(2);
const wanted = (tier) => only.length === 0 || only.includes(tier);
const summary = [];
let failed = false;
let staticChecks = 'not run';

function nx(label, args, env = {}) {
  console.log(`\n━━ ${label}: nx ${args.join(' ')}`);
  const result = spawnSync('npx', ['nx', ...args, '--output-style=stream'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** Passed, failed and skipped tests in a vitest or Playwright JSON report (zeros when there is none). */
function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.stats) {
    const { stats } = report;
    return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 };
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.success === false && report.numFailedTests === 0 ? 1 : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function runTier({ tier, target, projects, needsChromium }) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  if (needsChromium && !chromiumPath()) {
    console.log(`\n━━ ${tier}: not run. No Chromium for the browser tests: ${INSTALL_HINT}.`);
    return { ...total, failed: 1 };
  }
  const reports = projects.map((project) => join(out, `${target}-${project}.json`));
  for (const report of reports) rmSync(report, { force: true });
  const env = target === 'e2e' ? { PLAYWRIGHT_JSON_OUTPUT_NAME: reports[0] } : {};
  const ok = nx(tier, ['run-many', '-t', target, '-p', projects.join(',')], env);
  for (const report of reports) {
    const tally = counts(report);
    for (const key of Object.keys(total)) total[key] += tally[key];
  }
  if (!ok && total.failed === 0) total.failed = 1;
  return total;
}

if (wanted('static')) {
  const lint = nx('static: lint', ['run-many', '-t', 'lint']);
  const types = nx('static: typecheck', ['run-many', '-t', 'typecheck']);
  staticChecks = `lint ${lint ? 'ok' : 'FAILED'}, typecheck ${types ? 'ok' : 'FAILED'}`;
  if (!lint || !types) failed = true;
}
for (const tier of TIERS.filter((entry) => wanted(entry.tier))) {
  const tally = runTier(tier);
  summary.push({ tier: tier.tier, ...tally });
  if (tally.failed > 0) failed = true;
}

console.log(`\n━━ Test summary (Node ${process.versions.node})`);
console.log(`${'static checks'.padEnd(28)} ${staticChecks}`);
for (const row of summary) {
  console.log(`${row.tier.padEnd(28)} ${String(row.passed).padStart(5)} passed  ${String(row.failed).padStart(3)} failed  ${String(row.skipped).padStart(3)} skipped`);
}
const totals = summary.reduce((sum, row) => ({ passed: sum.passed + row.passed, failed: sum.failed + row.failed, skipped: sum.skipped + row.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
