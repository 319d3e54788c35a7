import { TEST_ENV } from '../../support/test-env';

/** A database of the scale tier's own, next to the integration tier's (`<its name>_<suffix>`). */
export function scaleDatabaseUrl(suffix: string): string {
  const url = new URL(TEST_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}
