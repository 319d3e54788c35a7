import { test as base, expect, type APIRequestContext } from '@playwright/test';
import type { CreateSubscriberRequest, Field, FieldType, Subscriber } from '@hotpath/contracts';
import { ADMIN_TOKEN } from './e2e-env';

/** A unique email per call, so tests never collide with each other or with a retry. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Arranges data through the API behind the dashboard's /api proxy, the way the app itself reaches it. */
export class ApiClient {
  constructor(private readonly request: APIRequestContext) {}

  async createSubscriber(overrides: Partial<CreateSubscriberRequest> = {}): Promise<Subscriber> {
    const response = await this.request.post('/api/subscribers', {
      data: { email: uniqueEmail('sub'), name: 'Grace', lastName: 'Hopper', ...overrides },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { data: Subscriber }).data;
  }

  async createField(title: string, type: FieldType): Promise<Field> {
    const response = await this.request.post('/api/fields', {
      data: { title, type },
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { data: Field }).data;
  }
}

export const test = base.extend<{ api: ApiClient }>({
  api: async ({ request }, use) => {
    await use(new ApiClient(request));
  },
});

export { expect };
