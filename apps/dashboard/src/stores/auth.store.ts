import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export const ADMIN_TOKEN_STORAGE_KEY = 'hotpath.adminToken';

function readStoredToken(): string | null {
  try {
    const value = globalThis.localStorage?.getItem(ADMIN_TOKEN_STORAGE_KEY) ?? null;
    return value !== null && value.trim() !== '' ? value : null;
  } catch {
    return null;
  }
}

function writeStoredToken(token: string | null): void {
  try {
    if (token === null) globalThis.localStorage?.removeItem(ADMIN_TOKEN_STORAGE_KEY);
    else globalThis.localStorage?.setItem(ADMIN_TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage can be disabled (private mode); the token then lasts for this page only.
  }
}

/** The admin token for admin-only API routes, entered once and kept in this browser's localStorage. */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readStoredToken());
  const hasToken = computed(() => token.value !== null);
  /** The token with all but its last four characters hidden, for display. */
  const maskedToken = computed(() => (token.value === null ? '' : `••••${token.value.slice(-4)}`));

  function setToken(value: string): void {
    const trimmed = value.trim();
    token.value = trimmed === '' ? null : trimmed;
    writeStoredToken(token.value);
  }

  function clearToken(): void {
    token.value = null;
    writeStoredToken(null);
  }

  return { token, hasToken, maskedToken, setToken, clearToken };
});
