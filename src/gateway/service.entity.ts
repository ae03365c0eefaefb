import { Column, Entity } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('services')
export class ServiceEntity extends KongEntity {
  @Column({ type: 'varchar', length: 128, nullable: true, unique: true })
  name: string | null;

  @Column({ type: 'varchar', length: 8 })
  protocol: 'http' | 'https';

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  path: string | null;

  @Column({ type: 'integer' })
  retries: number;

  @Column({ type: 'integer' })
  connect_timeout: number;

  @Column({ type: 'integer' })
  write_timeout: number;

  @Column({ type: 'integer' })
  read_timeout: number;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
