import { BeforeInsert, BeforeUpdate, Column, PrimaryColumn } from 'typeorm';
import { randomUUID } from 'node:crypto';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The columns every Kong-style entity carries. Ids are generated here rather than by the database so
 * the same code runs on SQLite and PostgreSQL, and timestamps are epoch seconds as Kong returns them.
 */
export abstract class KongEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'integer' })
  created_at: number;

  @Column({ type: 'integer' })
  updated_at: number;

  @Column({ type: 'simple-json', nullable: true })
  tags: string[] | null;

  @BeforeInsert()
  protected stampInsert() {
    this.id ??= randomUUID();
    this.created_at ??= nowSeconds();
    this.updated_at = this.created_at;
    this.tags ??= null;
  }

  @BeforeUpdate()
  protected stampUpdate() {
    this.updated_at = nowSeconds();
  }
}
