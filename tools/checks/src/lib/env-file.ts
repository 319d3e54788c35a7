export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** A comment line precedes the variable in its paragraph (no blank line between them). */
  documented: boolean;
}

/** Reads a dotenv file the way Node's process.loadEnvFile does (quotes, `export`, trailing comments). */
export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let commentInParagraph = false;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') {
      commentInParagraph = false;
      return;
    }
    if (line.startsWith('#')) {
      commentInParagraph ||= line.replace(/^#+/, '').trim() !== '';
      return;
    }
    const match = /^(?:export\s+)?(?<key>[A-Za-z_]\w*)\s*=\s*(?<rest>.*)$/.exec(line);
    if (!match?.groups) throw new Error(`line ${index + 1} is neither a comment nor KEY=value: ${line}`);
    const rest = match.groups['rest'] ?? '';
    const quoted = /^(?<quote>["'`])(?<inner>.*?)\k<quote>/.exec(rest);
    const value = quoted?.groups ? (quoted.groups['inner'] ?? '') : rest.replace(/\s+#.*$/, '').trim();
    entries.push({ key: match.groups['key'] ?? '', value, line: index + 1, documented: commentInParagraph });
  });
  return entries;
}
