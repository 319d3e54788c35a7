import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { ApiError, ApiErrorDetail } from '@hotpath/contracts';

export const REQUEST_TIMEOUT_MS = 10_000;

/** A failed API call, always in the API's one error shape; statusCode 0 means no HTTP answer at all. */
export class HttpError extends Error implements ApiError {
  override readonly name = 'HttpError';
  readonly statusCode: number;
  readonly error: string;
  readonly details?: ApiErrorDetail[];

  constructor(body: ApiError) {
    super(body.message);
    this.statusCode = body.statusCode;
    this.error = body.error;
    if (body.details !== undefined) this.details = body.details;
  }

  /** True when the API could not be reached (network down, timeout, proxy without upstream). */
  get unreachable(): boolean {
    return this.statusCode === 0 || this.statusCode === 502 || this.statusCode === 504;
  }
}

export function isApiError(value: unknown): value is ApiError {
  const body = value as Partial<ApiError> | null;
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof body.statusCode === 'number' &&
    typeof body.error === 'string' &&
    typeof body.message === 'string'
  );
}

const UNREACHABLE_HINT = 'Check that the API is running and that the dashboard proxies /api to it (API_URL).';

/** Turns whatever axios rejected with into an HttpError the views can show as it is. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (!(error instanceof AxiosError)) {
    return new HttpError({
      statusCode: 0,
      error: 'Client Error',
      message: error instanceof Error ? error.message : 'The request could not be made',
    });
  }
  const response = error.response;
  if (response === undefined) {
    if (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT) {
      return new HttpError({
        statusCode: 0,
        error: 'Timeout',
        message: `The API did not answer within ${REQUEST_TIMEOUT_MS / 1000} s. ${UNREACHABLE_HINT}`,
      });
    }
    return new HttpError({
      statusCode: 0,
      error: 'Network Error',
      message: `The API cannot be reached. ${UNREACHABLE_HINT}`,
    });
  }
  if (isApiError(response.data)) return new HttpError(response.data);
  // No API error body: the answer came from something in between (the dev proxy answers 502 without upstream).
  const unreachable = response.status === 502 || response.status === 503 || response.status === 504;
  return new HttpError({
    statusCode: response.status,
    error: response.statusText || 'Error',
    message: unreachable
      ? `The API cannot be reached (HTTP ${response.status} from the proxy). ${UNREACHABLE_HINT}`
      : `The API answered HTTP ${response.status} without an error description.`,
  });
}

type TokenSource = () => string | null;

let adminToken: TokenSource = () => null;

/** The auth store registers where the admin token comes from; the client never stores it itself. */
export function setAdminTokenSource(source: TokenSource): void {
  adminToken = source;
}

export function createHttpClient(): AxiosInstance {
  const client = axios.create({
    baseURL: '/api',
    timeout: REQUEST_TIMEOUT_MS,
    headers: { Accept: 'application/json' },
  });
  client.interceptors.request.use((config) => {
    const token = adminToken();
    if (token !== null && token !== '') config.headers.set('Authorization', `Bearer ${token}`);
    return config;
  });
  client.interceptors.response.use(
    (response) => response,
    (error: unknown) => Promise.reject(toHttpError(error)),
  );
  return client;
}

/** The one HTTP client of the dashboard; every `<feature>.api.ts` goes through it. */
export const http = createHttpClient();
