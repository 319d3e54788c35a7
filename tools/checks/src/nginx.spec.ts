import { describe, expect, it } from 'vitest';
import { findAll, parseNginx, proxiedUrl } from './lib/nginx.ts';
import { readRepoFile } from './lib/repo.ts';

const config = parseNginx(readRepoFile('docker/nginx.conf'));

function directive(name: string, location?: string): string[] | undefined {
  const scope =
    location === undefined
      ? findAll(config, 'server')
      : findAll(config, 'location').filter((entry) => entry.args.join(' ') === location);
  return scope.flatMap((block) => block.children ?? []).find((entry) => entry.name === name)?.args;
}

describe('docker/nginx.conf', () => {
  it('passes /api/ requests to the api service on port 3000 without the /api prefix', () => {
    expect(proxiedUrl(config, '/api/', '/api/subscribers?limit=5&cursor=a%2Fb')).toBe(
      'http://api:3000/subscribers?limit=5&cursor=a%2Fb',
    );
    expect(proxiedUrl(config, '/api/', '/api/health/ready')).toBe('http://api:3000/health/ready');
    expect(proxiedUrl(config, '/api/', '/api/')).toBe('http://api:3000/');
  });

  it('serves the single-page app with a fallback to index.html', () => {
    expect(directive('try_files', '/')).toEqual(['$uri', '$uri/', '/index.html']);
    expect(directive('root')).toEqual(['/usr/share/nginx/html']);
    expect(directive('listen')).toEqual(['80']);
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
