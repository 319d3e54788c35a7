import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { authApi } from '../api/auth.api';
import { HttpError } from '../api/http';
import { ADMIN_TOKEN_STORAGE_KEY, useAuthStore } from './auth.store';

vi.mock('../api/auth.api', () => ({ authApi: { checkAdmin: vi.fn() } }));

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('keeps a token in localStorage so it survives a reload', () => {
    useAuthStore().setToken('  admin-token-0123456789  ');

    setActivePinia(createPinia());
    const reloaded = useAuthStore();

    expect(localStorage.getItem(ADMIN_TOKEN_STORAGE_KEY)).toBe('admin-token-0123456789');
    expect(reloaded.token).toBe('admin-token-0123456789');
    expect(reloaded.hasToken).toBe(true);
    expect(reloaded.maskedToken).toBe('••••6789');
  });

  it('forgets the token when cleared or set to blank', () => {
    const auth = useAuthStore();
    auth.setToken('admin-token-0123456789');
    auth.clearToken();

    expect(auth.hasToken).toBe(false);
    expect(localStorage.getItem(ADMIN_TOKEN_STORAGE_KEY)).toBeNull();

    auth.setToken('   ');
    expect(auth.token).toBeNull();
  });

  it('checks a token with the API when it is set, so a wrong one shows at once', async () => {
    const auth = useAuthStore();
    vi.mocked(authApi.checkAdmin).mockRejectedValueOnce(
      new HttpError({ statusCode: 403, error: 'Forbidden', message: 'The admin token is not valid' }),
    );
    expect(await auth.setAndVerify('wrong-token')).toEqual({
      state: 'invalid',
      message: 'The API does not accept this token: check ADMIN_TOKEN in its settings.',
    });
    expect(auth.check.state).toBe('invalid');

    vi.mocked(authApi.checkAdmin).mockResolvedValueOnce(undefined);
    expect(await auth.setAndVerify('right-token')).toEqual({ state: 'valid' });
    expect(auth.token).toBe('right-token');
  });

  it('keeps a token it could not check while the API is down, and says so', async () => {
    const auth = useAuthStore();
    vi.mocked(authApi.checkAdmin).mockRejectedValueOnce(
      new HttpError({ statusCode: 0, error: 'Network Error', message: 'The API cannot be reached.' }),
    );
    expect((await auth.setAndVerify('some-token')).state).toBe('unverified');
    expect(auth.hasToken).toBe(true);
  });
});
