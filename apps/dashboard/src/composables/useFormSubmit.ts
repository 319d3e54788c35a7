import { ref, shallowRef } from 'vue';
import type { FieldErrors, SubmitResult } from '../lib/form-errors';

/**
 * The one submit flow of the dashboard's forms: a busy flag, the message above the form, the messages under
 * the inputs and the last success. `action` runs the store call; `onSuccess` resets the draft and the like.
 */
export function useFormSubmit<T>(action: () => Promise<SubmitResult<T>>, onSuccess?: (value: T) => void) {
  const submitting = ref(false);
  const errors = ref<FieldErrors>({});
  const message = ref<string | null>(null);
  /** What the last successful submission gave; cleared when a new one starts. */
  const succeeded = shallowRef<T | null>(null);

  async function submit(): Promise<void> {
    if (submitting.value) return;
    submitting.value = true;
    succeeded.value = null;
    try {
      const result = await action();
      if (result.ok) {
        errors.value = {};
        message.value = null;
        succeeded.value = result.value;
        onSuccess?.(result.value);
      } else {
        errors.value = result.fieldErrors;
        message.value = result.message;
      }
    } finally {
      submitting.value = false;
    }
  }

  /** For `aria-invalid` on an input. */
  const invalid = (field: string): 'true' | 'false' => (errors.value[field] !== undefined ? 'true' : 'false');

  function reset(): void {
    errors.value = {};
    message.value = null;
    succeeded.value = null;
  }

  return { submitting, errors, message, succeeded, submit, invalid, reset };
}
