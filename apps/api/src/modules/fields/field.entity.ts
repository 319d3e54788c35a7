import { FIELD_TYPES, type FieldType } from '@hotpath/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'fields' })
export class FieldEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ name: 'field_key', type: 'varchar', length: 64, unique: true })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'enum', enum: FIELD_TYPES })
  type!: FieldType;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
