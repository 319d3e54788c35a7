import { z } from 'zod';

export const FIELD_TYPES = ['date', 'number', 'string', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_STRING_MAX = 1000;

export const createFieldSchema = z.object({
  title: z.string().trim().min(1, 'is required').max(100),
  type: z.enum(FIELD_TYPES),
});
export type CreateFieldRequest = z.input<typeof createFieldSchema>;

export interface Field {
  key: string;
  title: string;
  type: FieldType;
  createdAt: string;
}

export type FieldValue = string | number | boolean;

/** A field's key is derived from its title: lower-case ASCII words joined by underscores. */
export function fieldKeyFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a value against a field type; returns an error message, or null when the value fits. */
export function fieldValueError(type: FieldType, value: unknown): string | null {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return value.length > FIELD_STRING_MAX ? `must be at most ${FIELD_STRING_MAX} characters` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value)) return 'must be a date as YYYY-MM-DD';
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)
        ? null
        : 'must be a real calendar date';
    }
  }
}
