import { http } from './http';

export const authApi = {
  /** Resolves when the API accepts the admin token the client sends (204); 401/403 reject. */
  async checkAdmin(): Promise<void> {
    await http.get('/auth/admin');
  },
};
