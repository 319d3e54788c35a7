import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, createHttpClient, setAdminTokenSource, toHttpError } from './http';

function answer(status: number, data: unknown): AxiosAdapter {
  return (config: InternalAxiosRequestConfig) => {
    const response = { status, statusText: status === 502 ? 'Bad Gateway' : 'Error', data, headers: {}, config };
    if (status < 400) return Promise.resolve(response);
    return Promise.reject(new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_RESPONSE', config, {}, response));
  };
}

describe('http client', () => {
  afterEach(() => setAdminTokenSource(() => null));

  it('sends requests under /api with the admin token as a bearer header when one is set', async () => {
    const seen: InternalAxiosRequestConfig[] = [];
    const client = createHttpClient();
    client.defaults.adapter = (config) => {
      seen.push(config);
      return answer(200, { ok: true })(config);
    };

    await client.get('/fields');
    setAdminTokenSource(() => 'admin-token-0123456789');
    await client.get('/fields');

    expect(seen[0]?.baseURL).toBe('/api');
    expect(AxiosHeaders.from(seen[0]?.headers).has('Authorization')).toBe(false);
    expect(AxiosHeaders.from(seen[1]?.headers).get('Authorization')).toBe('Bearer admin-token-0123456789');
  });

  it('rejects with the API error body, details included', async () => {
    const client = createHttpClient();
    const body = {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Validation failed',
      details: [{ field: 'email', message: 'must be a valid email address' }],
    };
    client.defaults.adapter = answer(422, body);

    const error: unknown = await client.post('/subscribers', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject(body);
  });

  it('explains a proxy answer without an API body as the API being unreachable', async () => {
    const client = createHttpClient();
    client.defaults.adapter = answer(502, '');

    const error = (await client.get('/system/status').catch((caught: unknown) => caught)) as HttpError;

    expect(error.statusCode).toBe(502);
    expect(error.unreachable).toBe(true);
    expect(error.message).toMatch(/API cannot be reached \(HTTP 502/);
  });
});

describe('toHttpError', () => {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;

  it('turns a network failure into status 0 with a hint where to look', () => {
    const error = toHttpError(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {}));

    expect(error).toMatchObject({ statusCode: 0, error: 'Network Error' });
    expect(error.message).toContain('Check that the API is running');
    expect(error.unreachable).toBe(true);
  });

  it('turns a timeout into status 0 naming the time limit', () => {
    const error = toHttpError(new AxiosError('timeout of 10000ms exceeded', AxiosError.ECONNABORTED, config, {}));

    expect(error).toMatchObject({ statusCode: 0, error: 'Timeout' });
    expect(error.message).toContain('did not answer within 10 s');
  });

  it('keeps an HttpError as it is and wraps anything else', () => {
    const original = new HttpError({ statusCode: 404, error: 'Not Found', message: 'Subscriber not found' });

    expect(toHttpError(original)).toBe(original);
    expect(toHttpError(new Error('boom'))).toMatchObject({ statusCode: 0, message: 'boom' });
  });
});
