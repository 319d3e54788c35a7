import { fieldValueError, type Field, type FieldType, type FieldValue } from '@hotpath/contracts';
import type { FieldErrors } from './form-errors';

/** What a custom field's input holds: text for text, number and date inputs; a flag for a checkbox. */
export type FieldDraft = string | boolean;

export function emptyDraft(type: FieldType): FieldDraft {
  return type === 'boolean' ? false : '';
}

export function draftFromValue(type: FieldType, value: FieldValue | undefined): FieldDraft {
  if (value === undefined) return emptyDraft(type);
  if (type === 'boolean') return value === true;
  return String(value);
}

/** The value to send for a draft, or undefined when the input is empty (an unticked box counts as empty). */
export function valueFromDraft(type: FieldType, draft: FieldDraft | undefined): FieldValue | undefined {
  if (draft === undefined) return undefined;
  if (type === 'boolean') return draft === true ? true : undefined;
  const text = String(draft).trim();
  if (text === '') return undefined;
  if (type === 'number') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

/** Field values of a form, checked against each field's type with the contracts' own rule. */
export function collectFieldValues(
  fields: readonly Field[],
  drafts: Readonly<Record<string, FieldDraft>>,
): { values: Record<string, FieldValue>; errors: FieldErrors } {
  const values: Record<string, FieldValue> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = valueFromDraft(field.type, drafts[field.key]);
    if (value === undefined) continue;
    const problem = fieldValueError(field.type, value);
    if (problem !== null) errors[`fields.${field.key}`] = problem;
    else values[field.key] = value;
  }
  return { values, errors };
}

export function formatFieldValue(value: FieldValue): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/**
 * The `fields` part of an update: changed values, null for a cleared value, nothing for untouched ones.
 * Unticking a box that held a value stores "No" rather than removing it.
 */
export function collectFieldChanges(
  fields: readonly Field[],
  current: Readonly<Record<string, FieldValue>>,
  drafts: Readonly<Record<string, FieldDraft>>,
): { changes: Record<string, FieldValue | null>; errors: FieldErrors } {
  const changes: Record<string, FieldValue | null> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const before = current[field.key];
    let after: FieldValue | null | undefined = valueFromDraft(field.type, drafts[field.key]);
    if (after === undefined) after = before === undefined ? undefined : field.type === 'boolean' ? false : null;
    if (after === undefined || after === before) continue;
    const problem = after === null ? null : fieldValueError(field.type, after);
    if (problem !== null) errors[`fields.${field.key}`] = problem;
    else changes[field.key] = after;
  }
  return { changes, errors };
}
