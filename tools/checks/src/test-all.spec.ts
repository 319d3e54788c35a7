import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readRepoFile, repoPath, workspaceManifests } from './lib/repo.ts';

const tierSchema = z.array(
  z.object({ tier: z.string(), target: z.string(), projects: z.array(z.string()).min(1) }),
);

async function tiers(): Promise<z.infer<typeof tierSchema>> {
  const module: unknown = await import(pathToFileURL(repoPath('tools/scripts/test-tiers.mjs')).href);
  return z.object({ TIERS: tierSchema }).parse(module).TIERS;
}

const manifestSchema = z.object({
  nx: z.object({
    name: z.string(),
    targets: z.record(
      z.string(),
      z.object({ command: z.string().optional(), outputs: z.array(z.string()).optional() }),
    ),
  }),
});

function targetsByProject(): Map<string, z.infer<typeof manifestSchema>['nx']['targets']> {
  const projects = new Map<string, z.infer<typeof manifestSchema>['nx']['targets']>();
  for (const manifest of workspaceManifests()) {
    const parsed = manifestSchema.safeParse(JSON.parse(readRepoFile(manifest)));
    if (parsed.success) projects.set(parsed.data.nx.name, parsed.data.nx.targets);
  }
  return projects;
}

describe('npm test (tools/scripts/test-all.mjs)', () => {
  it('runs the unit tier first, the browser tier last, every tier through Nx targets that exist', async () => {
    const list = await tiers().then((entries) => entries.map((entry) => entry.tier));
    expect(list[0]).toBe('unit');
    expect(list.at(-1)).toBe('browser');
    expect(list).toEqual(expect.arrayContaining(['integration', 'faults', 'scale']));
    const projects = targetsByProject();
    for (const { target, projects: names } of await tiers()) {
      for (const name of names) expect(projects.get(name)?.[target], `${name}:${target}`).toBeDefined();
    }
    expect(readRepoFile('tools/scripts/test-all.mjs')).toMatch(/'nx', \.\.\.args/);
  });

  it("has every vitest target write its report where npm test reads it, declared as the target's output", async () => {
    const projects = targetsByProject();
    for (const { target, projects: names } of await tiers()) {
      if (target === 'e2e') continue; // Playwright's report path comes from PLAYWRIGHT_JSON_OUTPUT_NAME
      for (const name of names) {
        const report = `tmp/test-results/${target}-${name}.json`;
        const definition = projects.get(name)?.[target];
        // An absolute path: vitest resolves a relative one against its config's root, which differs per project.
        expect(definition?.command, `${name}:${target}`).toContain(`--outputFile.json=$PWD/${report}`);
        expect(definition?.outputs, `${name}:${target}`).toContain(`{workspaceRoot}/${report}`);
      }
    }
  });
});
