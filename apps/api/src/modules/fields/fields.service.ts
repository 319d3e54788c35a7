import { Injectable } from '@nestjs/common';
import {
  fieldKeyFromTitle,
  fieldValueError,
  type ApiErrorDetail,
  type CreateFieldRequest,
  type Field,
  type FieldValue,
} from '@hotpath/contracts';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import { ConflictError } from '../../core/errors/domain-error';
import { ValidationError } from '../../core/errors/validation.error';
import { FieldsRepository, type FieldRow } from './fields.repository';

const FIELDS_CACHE_ID = 'all';

export function toField(row: FieldRow): Field {
  return { key: row.key, title: row.title, type: row.type, createdAt: row.createdAt.toISOString() };
}

@Injectable()
export class FieldsService {
  constructor(
    private readonly repository: FieldsRepository,
    private readonly cache: AppCache,
  ) {}

  /** All field definitions; read on every subscriber write, so served from the cache. */
  async definitions(): Promise<FieldRow[]> {
    const rows = await this.cache.getOrLoad(
      CacheNamespace.Fields,
      FIELDS_CACHE_ID,
      () => this.repository.findAll(),
      () => CacheTtl[CacheNamespace.Fields].seconds,
    );
    // Values that went through Redis come back with dates as strings.
    return (rows ?? []).map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  async list(): Promise<Field[]> {
    return (await this.definitions()).map(toField);
  }

  async create(request: { title: string; type: CreateFieldRequest['type'] }): Promise<Field> {
    const key = fieldKeyFromTitle(request.title);
    if (key === '') {
      throw new ValidationError([{ field: 'title', message: 'must contain at least one letter or digit' }]);
    }
    const row = await this.repository.insert(key, request.title, request.type);
    if (row === null) throw new ConflictError(`A field with key "${key}" already exists`);
    await this.cache.invalidate(CacheNamespace.Fields, FIELDS_CACHE_ID);
    return toField(row);
  }

  /**
   * Checks submitted values against the field definitions. Returns the field ids with encoded values
   * (null = remove), or throws a 422 naming every field at fault.
   */
  async resolveValues(
    values: Record<string, FieldValue | null>,
  ): Promise<Array<{ fieldId: number; value: string | null }>> {
    const entries = Object.entries(values);
    if (entries.length === 0) return [];
    const byKey = new Map((await this.definitions()).map((row) => [row.key, row]));
    const problems: ApiErrorDetail[] = [];
    const resolved: Array<{ fieldId: number; value: string | null }> = [];
    for (const [key, value] of entries) {
      const field = byKey.get(key);
      if (field === undefined) {
        problems.push({ field: `fields.${key}`, message: 'is not a known field' });
        continue;
      }
      if (value === null) {
        resolved.push({ fieldId: field.id, value: null });
        continue;
      }
      const error = fieldValueError(field.type, value);
      if (error !== null)
        problems.push({ field: `fields.${key}`, message: `${error} (field type ${field.type})` });
      else resolved.push({ fieldId: field.id, value: String(value) });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return resolved;
  }
}
