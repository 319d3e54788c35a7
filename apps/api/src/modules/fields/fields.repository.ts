import { Injectable } from '@nestjs/common';
import type { FieldType } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { isDuplicateKeyError } from '../../core/database/mysql-errors';

export interface FieldRow {
  id: number;
  key: string;
  title: string;
  type: FieldType;
  createdAt: Date;
}

@Injectable()
export class FieldsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findAll(): Promise<FieldRow[]> {
    const rows: Array<{ id: number; field_key: string; title: string; type: FieldType; created_at: Date }> =
      await this.dataSource.query('SELECT id, field_key, title, type, created_at FROM fields ORDER BY id');
    return rows.map((row) => ({
      id: row.id,
      key: row.field_key,
      title: row.title,
      type: row.type,
      createdAt: row.created_at,
    }));
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
