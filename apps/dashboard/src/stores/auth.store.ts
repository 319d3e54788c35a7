import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth.api';
import { toHttpError } from '../api/http';

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

/**
 * Whether the API accepts the token: checked when it is entered, so a wrong one shows at once and not on
 * the first save. `unverified`: the API could not be asked (down); the token is kept and used regardless.
 */
export type TokenCheck =
  | { state: 'unchecked' }
  | { state: 'checking' }
  | { state: 'valid' }
  | { state: 'invalid'; message: string }
  | { state: 'unverified'; message: string };

/** The admin token for admin-only API routes, entered once and kept in this browser's localStorage. */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readStoredToken());
  const hasToken = computed(() => token.value !== null);
  /** The token with all but its last four characters hidden, for display. */
  const maskedToken = computed(() => (token.value === null ? '' : `••••${token.value.slice(-4)}`));

  const check = ref<TokenCheck>({ state: 'unchecked' });
  let latestCheck = 0;

  function setToken(value: string): void {
    const trimmed = value.trim();
    token.value = trimmed === '' ? null : trimmed;
    writeStoredToken(token.value);
    check.value = { state: 'unchecked' };
  }

  /** Asks the API whether it accepts the token now set (`GET /auth/admin`). */
  async function verify(): Promise<TokenCheck> {
    const mine = ++latestCheck;
    if (token.value === null) return (check.value = { state: 'unchecked' });
    check.value = { state: 'checking' };
    let outcome: TokenCheck;
    try {
      await authApi.checkAdmin();
      outcome = { state: 'valid' };
    } catch (caught) {
      const error = toHttpError(caught);
      outcome =
        error.statusCode === 401 || error.statusCode === 403
          ? { state: 'invalid', message: 'The API does not accept this token: check ADMIN_TOKEN in its settings.' }
          : { state: 'unverified', message: `The token could not be checked: ${error.message}` };
    }
    if (mine === latestCheck) check.value = outcome;
    return outcome;
  }

  /** Sets the token and checks it; the token is kept either way, so the user can correct it. */
  async function setAndVerify(value: string): Promise<TokenCheck> {
    setToken(value);
    return verify();
  }

  function clearToken(): void {
    token.value = null;
    writeStoredToken(null);
    check.value = { state: 'unchecked' };
  }

  return { token, hasToken, maskedToken, check, setToken, verify, setAndVerify, clearToken };
});
