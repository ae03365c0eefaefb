import { Column, Entity } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('developers')
export class DeveloperEntity extends KongEntity {
  /** Stored lower-cased, so one mailbox is one developer. */
  @Column({ type: 'varchar', length: 255, unique: true })
  email: string;

  /** `scrypt$…` (see password-hasher.ts); never leaves the server. */
  @Column({ type: 'varchar', length: 255 })
  password_hash: string;

  @Column({ type: 'integer' })
  status: number;

  @Column({ type: 'varchar', length: 255, nullable: true, unique: true })
  custom_id: string | null;

  @Column({ type: 'simple-json', nullable: true })
  meta: Record<string, unknown> | null;

  /** Bumped by logout: portal session cookies carry the generation they were issued under. */
  @Column({ type: 'integer', default: 0 })
  session_generation: number;
}
