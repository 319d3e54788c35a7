import { z } from 'zod';

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

export interface DockerStage {
  name: string;
  base: string;
  instructions: DockerInstruction[];
}

export interface CopyInstruction {
  stage: string;
  line: number;
  /** Set when the files come from another stage or image instead of the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

/** Splits a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  // ARGs declared before the first FROM may name the base images.
  const globalArgs = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  let pending = '';
  let startLine = 0;
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending !== '' && line.startsWith('#')) return;
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const instruction = `${pending}${line}`.trim();
    pending = '';
    const match = /^(?<keyword>\S+)\s*(?<args>.*)$/s.exec(instruction);
    const keyword = (match?.groups?.['keyword'] ?? '').toUpperCase();
    const args = match?.groups?.['args'] ?? '';
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(?<base>\S+)(?:\s+AS\s+(?<name>\S+))?/i.exec(args);
      const base = (from?.groups?.['base'] ?? '').replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (whole, braced: string | undefined, bare: string | undefined) =>
          globalArgs.get(braced ?? bare ?? '') ?? whole,
      );
      stages.push({
        name: from?.groups?.['name'] ?? String(stages.length),
        base,
        instructions: [],
      });
      return;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (keyword === 'ARG') {
        const arg = /^(?<name>\w+)(?:=(?<value>.*))?$/.exec(args)?.groups;
        if (arg?.['name']) globalArgs.set(arg['name'], (arg['value'] ?? '').replace(/^["']|["']$/g, ''));
        return;
      }
      throw new Error(`line ${startLine}: ${keyword} before the first FROM`);
    }
    stage.instructions.push({ keyword, args, line: startLine });
  });
  return stages;
}

/** Every COPY and ADD, with its flags taken apart. */
export function copyInstructions(stages: DockerStage[]): CopyInstruction[] {
  return stages.flatMap((stage) =>
    stage.instructions
      .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
      .map((instruction) => {
        let rest = instruction.args;
        let from: string | undefined;
        for (let flag = /^--(\S+)\s+/.exec(rest); flag; flag = /^--(\S+)\s+/.exec(rest)) {
          if (flag[1]?.startsWith('from=')) from = flag[1].slice('from='.length);
          rest = rest.slice(flag[0].length);
        }
        const tokens = rest.startsWith('[')
          ? z.array(z.string()).parse(JSON.parse(rest))
          : rest.split(/\s+/).filter(Boolean);
        const destination = tokens.pop();
        if (destination === undefined || tokens.length === 0) {
          throw new Error(
            `line ${instruction.line}: ${instruction.keyword} needs a source and a destination`,
          );
        }
        return { stage: stage.name, line: instruction.line, from, sources: tokens, destination };
      }),
  );
}
