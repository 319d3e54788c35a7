import { FIELD_TYPES, type FieldType } from '@hotpath/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'fields' })
export class FieldEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Index('uq_fields_key', { unique: true })
  @Column({ name: 'field_key', type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'enum', enum: FIELD_TYPES })
  type!: FieldType;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
