import { createFieldSchema, type CreateFieldRequest, type Field } from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { fieldsApi } from '../api/fields.api';
import { toHttpError, type HttpError } from '../api/http';
import { ADMIN_TOKEN_MISSING, failedSubmit, invalid, issuesToFieldErrors, type SubmitResult } from '../lib/form-errors';
import { useAuthStore } from './auth.store';

/** The custom fields every subscriber can hold. */
export const useFieldsStore = defineStore('fields', () => {
  const fields = shallowRef<Field[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<HttpError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      fields.value = await fieldsApi.list();
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      error.value = toHttpError(caught);
    } finally {
      loading.value = false;
    }
  }

  /** Creates a field (admin); checks the request with the contract first so mistakes never leave the browser. */
  async function create(request: CreateFieldRequest): Promise<SubmitResult<Field>> {
    const parsed = createFieldSchema.safeParse(request);
    if (!parsed.success) return invalid(issuesToFieldErrors(parsed.error.issues));
    if (!useAuthStore().hasToken) return invalid({}, ADMIN_TOKEN_MISSING);
    try {
      const field = await fieldsApi.create(parsed.data);
      fields.value = [...fields.value, field];
      return { ok: true, value: field };
    } catch (caught) {
      return failedSubmit(caught, ['title', 'type']);
    }
  }

  return { fields, loading, loaded, error, load, create };
});
