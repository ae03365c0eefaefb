import { Column, Entity, Index } from 'typeorm';
import { KongEntity } from '../database/kong-entity';

@Entity('plugins')
export class PluginEntity extends KongEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  service_id: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  route_id: string | null;

  @Column({ type: 'simple-json' })
  config: Record<string, unknown>;

  @Column({ type: 'boolean' })
  enabled: boolean;

  /**
   * "name:service:route" — one plugin of a name per scope, enforced by a unique index because
   * NULLs never collide in a composite unique constraint.
   */
  @Column({ type: 'varchar', length: 160, unique: true })
  cache_key: string;
}

export const pluginCacheKey = (name: string, serviceId: string | null, routeId: string | null) =>
  `${name}:${serviceId ?? ''}:${routeId ?? ''}`;
