export interface NginxDirective {
  name: string;
  args: string[];
  children: NginxDirective[] | undefined;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#][^\s{};]*)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0].startsWith('#')) continue;
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  }
  return tokens;
}

/** Parses nginx configuration text into directives; a block's directives are its children. */
export function parseNginx(text: string): NginxDirective[] {
  const tokens = tokenize(text);
  let position = 0;
  const parseBlock = (nested: boolean): NginxDirective[] => {
    const directives: NginxDirective[] = [];
    let words: string[] = [];
    while (position < tokens.length) {
      const token = tokens[position++] ?? '';
      if (token === ';') {
        const [name = '', ...args] = words;
        directives.push({ name, args, children: undefined });
        words = [];
      } else if (token === '{') {
        const [name = '', ...args] = words;
        directives.push({ name, args, children: parseBlock(true) });
        words = [];
      } else if (token === '}') {
        if (!nested) throw new Error('nginx: unexpected "}"');
        return directives;
      } else {
        words.push(token);
      }
    }
    if (nested || words.length > 0) throw new Error('nginx: unexpected end of file');
    return directives;
  };
  return parseBlock(false);
}

export function findAll(directives: NginxDirective[], name: string): NginxDirective[] {
  return directives.flatMap((directive) => [
    ...(directive.name === name ? [directive] : []),
    ...findAll(directive.children ?? [], name),
  ]);
}

/** Evaluates a `map $source $target { ~regex value; default value; }` block for one source value. */
function evaluateMap(map: NginxDirective, input: string): string | undefined {
  let fallback: string | undefined;
  for (const entry of map.children ?? []) {
    const value = entry.args[0] ?? '';
    if (entry.name === 'default') {
      fallback = value;
      continue;
    }
    if (entry.name.startsWith('~')) {
      const flags = entry.name.startsWith('~*') ? 'i' : '';
      const regExp = new RegExp(entry.name.replace(/^~\*?/, '').replace(/\(\?P</g, '(?<'), flags);
      const match = regExp.exec(input);
      if (match) {
        return value.replace(/\$(\w+)/g, (_whole, reference: string) =>
          /^\d+$/.test(reference) ? (match[Number(reference)] ?? '') : (match.groups?.[reference] ?? ''),
        );
      }
    } else if (entry.name === input) {
      return value;
    }
  }
  return fallback;
}

/**
 * The URL nginx forwards a request to, for requests that reach a `location <prefix>` block with proxy_pass.
 * Handles `set` variables in the block and `map`s over $request_uri or $uri, and, for a literal proxy_pass
 * with a URI part, the replacement of the matched location prefix by that part.
 */
export function proxiedUrl(
  config: NginxDirective[],
  locationPrefix: string,
  requestUri: string,
): string | undefined {
  const location = findAll(config, 'location').find(
    (directive) => directive.args.length === 1 && directive.args[0] === locationPrefix,
  );
  const proxyPass = location?.children?.find((directive) => directive.name === 'proxy_pass')?.args[0];
  if (!location || proxyPass === undefined) return undefined;
  const uri = requestUri.split('?')[0] ?? requestUri;
  const variables = new Map<string, string>([
    ['request_uri', requestUri],
    ['uri', uri],
  ]);
  for (const map of findAll(config, 'map')) {
    const [source = '', target = ''] = map.args;
    const input = variables.get(source.replace(/^\$/, ''));
    const value = input === undefined ? undefined : evaluateMap(map, input);
    if (value !== undefined) variables.set(target.replace(/^\$/, ''), value);
  }
  for (const directive of location.children ?? []) {
    if (directive.name === 'set')
      variables.set((directive.args[0] ?? '').replace(/^\$/, ''), directive.args[1] ?? '');
  }
  const target = proxyPass.replace(/\$(\w+)/g, (_whole, name: string) => variables.get(name) ?? '');
  const parts = /^(?<origin>[a-z]+:\/\/[^/]+)(?<path>\/.*)?$/.exec(target)?.groups;
  const path = parts?.['path'];
  // Without a URI part nginx passes the request's URI unchanged.
  if (path === undefined) return target + requestUri;
  // With variables, the URI part replaces the request's URI; without them, it replaces the location prefix.
  if (proxyPass.includes('$')) return target;
  return `${parts?.['origin'] ?? ''}${path}${requestUri.slice(locationPrefix.length)}`;
}

/** The `server` lines of an `upstream <name> { ... }` block: address and parameters. */
export function upstreamServers(
  config: NginxDirective[],
  name: string,
): { address: string; parameters: string[] }[] | undefined {
  const upstream = findAll(config, 'upstream').find((directive) => directive.args[0] === name);
  return upstream?.children
    ?.filter((directive) => directive.name === 'server')
    .map((directive) => ({ address: directive.args[0] ?? '', parameters: directive.args.slice(1) }));
}
