import { describe, expect, it } from 'vitest';
import { dockerignoreMatcher } from './dockerignore.ts';

describe('dockerignoreMatcher', () => {
  const isIgnored = dockerignoreMatcher(`
# comment
**/node_modules
dist
.env.*
!.env.example
*.log
`);

  it('leaves out matching paths and everything under them', () => {
    expect(isIgnored('node_modules/zod/index.js')).toBe(true);
    expect(isIgnored('apps/api/node_modules/x')).toBe(true);
    expect(isIgnored('dist/main.js')).toBe(true);
    expect(isIgnored('.env.local')).toBe(true);
    expect(isIgnored('debug.log')).toBe(true);
  });

  it('anchors patterns at the context root and honours exceptions', () => {
    expect(isIgnored('apps/api/dist/main.js')).toBe(false);
    expect(isIgnored('apps/api/debug.log')).toBe(false);
    expect(isIgnored('.env.example')).toBe(false);
    expect(isIgnored('apps/api/src/main.ts')).toBe(false);
  });
});
