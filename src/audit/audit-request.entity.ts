import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One Admin or Portal write: who, from where, what, and how it ended. */
@Entity('audit_requests')
export class AuditRequestEntity {
  /** Time-ordered (UUID v7), so keyset pages by id are pages in time order. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Epoch seconds. */
  @Column({ type: 'integer' })
  created_at: number;

  /** `admin` or `portal`. */
  @Column({ type: 'varchar', length: 16 })
  listener: string;

  /** `admin-token`, `admin` (no token configured), `unauthenticated`, a developer's email, or `anonymous`. */
  @Column({ type: 'varchar', length: 255 })
  actor: string;

  @Column({ type: 'varchar', length: 64 })
  client_address: string;

  @Column({ type: 'varchar', length: 16 })
  method: string;

  /** Without the query string. */
  @Column({ type: 'varchar', length: 2048 })
  path: string;

  @Column({ type: 'integer' })
  status: number;
}
