import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './lib/dockerfile.ts';
import { findAll, parseNginx, proxiedUrl, upstreamServers, type NginxDirective } from './lib/nginx.ts';
import { readRepoFile } from './lib/repo.ts';

const config = parseNginx(readRepoFile('docker/nginx.conf'));
const servers = findAll(config, 'server').filter((entry) => entry.children !== undefined);

function serverListening(port: string): NginxDirective {
  const found = servers.find((entry) =>
    entry.children?.some((child) => child.name === 'listen' && child.args[0] === port),
  );
  if (!found) throw new Error(`docker/nginx.conf has no server listening on ${port}`);
  return found;
}

function directive(name: string, location?: string, server = serverListening('80')): string[] | undefined {
  const scope =
    location === undefined
      ? [server]
      : findAll(server.children ?? [], 'location').filter((entry) => entry.args.join(' ') === location);
  return scope.flatMap((block) => block.children ?? []).find((entry) => entry.name === name)?.args;
}

describe('docker/nginx.conf', () => {
  it('passes /api/ requests to the api upstream without the /api prefix', () => {
    const dashboard = [...findAll(config, 'map'), serverListening('80')];
    expect(proxiedUrl(dashboard, '/api/', '/api/subscribers?limit=5&cursor=a%2Fb')).toBe(
      'http://hotpath_api/subscribers?limit=5&cursor=a%2Fb',
    );
    expect(proxiedUrl(config, '/api/', '/api/health/ready')).toBe('http://hotpath_api/health/ready');
    expect(proxiedUrl(config, '/api/', '/api/')).toBe('http://hotpath_api/');
  });

  it('serves the API itself on port 3000, unchanged, from the same upstream', () => {
    const api = [...findAll(config, 'map'), serverListening('3000')];
    expect(proxiedUrl(api, '/', '/polls/7/votes?x=1')).toBe('http://hotpath_api/polls/7/votes?x=1');
    expect(directive('root', undefined, serverListening('3000'))).toBeUndefined();
  });

  it('spreads requests over every api container, following the service name as containers come and go', () => {
    expect(upstreamServers(config, 'hotpath_api')).toEqual([
      { address: 'api:3000', parameters: expect.arrayContaining(['resolve']) as string[] },
    ]);
    const upstream = findAll(config, 'upstream')[0]?.children ?? [];
    // `resolve` needs a shared-memory zone and a resolver (Docker's DNS).
    expect(upstream.find((entry) => entry.name === 'zone')).toBeDefined();
    expect(findAll(config, 'resolver')[0]?.args[0]).toBe('127.0.0.11');
    expect(upstream.find((entry) => entry.name === 'keepalive')).toBeDefined();
    // `resolve` in an upstream is in open-source nginx from 1.27.3: the dashboard image must be at least that.
    const stages = parseDockerfile(readRepoFile('docker/dashboard.Dockerfile'));
    const image = /NGINX_IMAGE=nginx:(\d+)\.(\d+)/.exec(readRepoFile('docker/dashboard.Dockerfile'));
    expect(stages.at(-1)?.base).toMatch(/NGINX_IMAGE|nginx/);
    expect(Number(image?.[1]) * 1000 + Number(image?.[2])).toBeGreaterThanOrEqual(1028);
  });

  it('retries another container on a connection error or timeout, never a sent POST or PATCH (no non_idempotent)', () => {
    for (const [server, location] of [
      ['80', '/api/'],
      ['3000', '/'],
    ] as const) {
      const next = directive('proxy_next_upstream', location, serverListening(server));
      expect(next, `${server} ${location}`).toEqual(['error', 'timeout']);
      for (const [name, value] of [
        ['proxy_http_version', ['1.1']],
        ['proxy_set_header', ['Connection', '']],
      ] as const) {
        expect(directive(name, location, serverListening(server)), name).toEqual(value);
      }
    }
    expect(JSON.stringify(config)).not.toContain('non_idempotent');
  });

  it('serves the single-page app with a fallback to index.html', () => {
    expect(directive('try_files', '/')).toEqual(['$uri', '$uri/', '/index.html']);
    expect(directive('root')).toEqual(['/usr/share/nginx/html']);
  });

  it('compresses responses and caches the hashed assets for good', () => {
    expect(directive('gzip')).toEqual(['on']);
    expect(directive('gzip_types')).toEqual(expect.arrayContaining(['application/javascript', 'text/css']));
    expect(directive('add_header', '/assets/')?.join(' ')).toMatch(
      /Cache-Control .*max-age=31536000.*immutable/,
    );
    expect(directive('add_header', '/')?.join(' ')).toMatch(/Cache-Control no-cache/);
  });
});
