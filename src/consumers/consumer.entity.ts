import { Column, Entity } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

export type ConsumerType = 'proxy' | 'application';

@Entity('consumers')
export class ConsumerEntity extends KongEntity {
  @Column({ type: 'varchar', length: 255, nullable: true, unique: true })
  username: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, unique: true })
  custom_id: string | null;

  /** Application consumers are created and owned by the portal and hidden from GET /consumers. */
  @Column({ type: 'varchar', length: 16, default: 'proxy' })
  type: ConsumerType;
}
