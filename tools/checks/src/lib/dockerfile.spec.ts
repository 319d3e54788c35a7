import { describe, expect, it } from 'vitest';
import { copyInstructions, parseDockerfile } from './dockerfile.ts';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG BASE=node:22-slim
FROM \${BASE} AS build
WORKDIR /app
# a comment
COPY package.json \\
     package-lock.json ./
RUN npm ci \\
    # a comment inside a continuation
    --no-audit
COPY --chown=node:node ["apps/api", "apps/api"]

FROM --platform=linux/amd64 \${BASE}
COPY --from=build --link /app/dist ./dist
`;

describe('parseDockerfile', () => {
  const stages = parseDockerfile(DOCKERFILE);

  it('splits stages and joins continued lines', () => {
    expect(stages.map((stage) => [stage.name, stage.base])).toEqual([
      ['build', 'node:22-slim'],
      ['1', 'node:22-slim'],
    ]);
    expect(stages[0]?.instructions.map((entry) => entry.keyword)).toEqual(['WORKDIR', 'COPY', 'RUN', 'COPY']);
    expect(stages[0]?.instructions[2]?.args).toMatch(/^npm ci\s+--no-audit$/);
  });

  it('takes COPY apart into flags, sources and destination', () => {
    expect(copyInstructions(stages)).toEqual([
      {
        stage: 'build',
        line: 6,
        from: undefined,
        sources: ['package.json', 'package-lock.json'],
        destination: './',
      },
      { stage: 'build', line: 11, from: undefined, sources: ['apps/api'], destination: 'apps/api' },
      { stage: '1', line: 14, from: 'build', sources: ['/app/dist'], destination: './dist' },
    ]);
  });
});
