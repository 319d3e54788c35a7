import { Injectable } from '@nestjs/common';
import type { FieldType } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { isDuplicateKeyError } from '../../core/database/mysql-errors';
import type { FieldEntity } from './field.entity';

export type FieldRow = Pick<FieldEntity, 'id' | 'key' | 'title' | 'type' | 'createdAt'>;

@Injectable()
export class FieldsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findAll(): Promise<FieldRow[]> {
    return this.dataSource.query<FieldRow[]>(
      'SELECT id, field_key AS `key`, title, type, created_at AS createdAt FROM fields ORDER BY id',
    );
  }

  /** Inserts a field; null when its key is taken. */
  async insert(key: string, title: string, type: FieldType): Promise<FieldRow | null> {
    const createdAt = new Date();
    try {
      const result: { insertId: number } = await this.dataSource.query(
        'INSERT INTO fields (field_key, title, type, created_at) VALUES (?, ?, ?, ?)',
        [key, title, type, createdAt],
      );
      return { id: result.insertId, key, title, type, createdAt };
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }
}
