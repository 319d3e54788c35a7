import { describe, expect, it } from 'vitest';
import { parseNginx, proxiedUrl } from './nginx.ts';

describe('proxiedUrl', () => {
  it('replaces the location prefix with the URI part of a literal proxy_pass', () => {
    const config = parseNginx('server { location /api/ { proxy_pass http://api:3000/; } }');
    expect(proxiedUrl(config, '/api/', '/api/items?x=1')).toBe('http://api:3000/items?x=1');
  });

  it('passes the request URI unchanged when proxy_pass has no URI part', () => {
    const config = parseNginx('server { location /api/ { proxy_pass http://api:3000; } }');
    expect(proxiedUrl(config, '/api/', '/api/items')).toBe('http://api:3000/api/items');
  });

  it('evaluates set variables and maps over $request_uri', () => {
    const config = parseNginx(`
      map $request_uri $rest { "~^/api(?<tail>/.*)$" $tail; default /; }
      server { location /api/ { set $upstream backend:8080; proxy_pass http://$upstream$rest; } }`);
    expect(proxiedUrl(config, '/api/', '/api/a%2Fb?q=1')).toBe('http://backend:8080/a%2Fb?q=1');
    expect(proxiedUrl(config, '/other/', '/other/')).toBeUndefined();
  });
});
