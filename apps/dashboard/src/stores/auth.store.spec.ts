import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_STORAGE_KEY, useAuthStore } from './auth.store';

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
});
