// The tiers `npm test` runs, in order: each is an Nx target run in some projects. Every such target writes its
// vitest (or Playwright) JSON report to tmp/test-results/<target>-<project>.json and declares that file as an
// output, so a run answered from Nx's cache still has its counts. Add a tier by adding a line.
export const TIERS = [
  { tier: 'unit', target: 'test', projects: ['contracts', 'api', 'dashboard', 'bench', 'checks'] },
  { tier: 'integration', target: 'test-integration', projects: ['api'] },
  { tier: 'faults', target: 'test-faults', projects: ['api'] },
  { tier: 'scale', target: 'test-scale', projects: ['api'] },
  { tier: 'browser', target: 'e2e', projects: ['dashboard-e2e'], needsChromium: true },
];
