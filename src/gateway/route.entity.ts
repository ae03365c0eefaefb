import { Column, Entity, Index } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('routes')
export class RouteEntity extends KongEntity {
  @Column({ type: 'varchar', length: 128, nullable: true, unique: true })
  name: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  service_id: string;

  @Column({ type: 'simple-json' })
  protocols: string[];

  @Column({ type: 'simple-json', nullable: true })
  methods: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  hosts: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  paths: string[] | null;

  @Column({ type: 'boolean' })
  strip_path: boolean;

  @Column({ type: 'boolean' })
  preserve_host: boolean;

  @Column({ type: 'integer' })
  regex_priority: number;
}
