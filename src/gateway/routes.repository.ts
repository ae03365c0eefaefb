import { DataAccess } from '../database/data-access.decorator';
import { DataSource, In } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { RouteEntity } from './route.entity';

@DataAccess()
export class RoutesRepository extends KongRepository<RouteEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, RouteEntity, ['name']);
  }

  listByService(serviceId: string, query: ListQuery): Promise<RouteEntity[]> {
    return this.page(query, { service_id: serviceId });
  }

  countByService(serviceId: string): Promise<number> {
    return this.repo.countBy({ service_id: serviceId });
  }

  /** Each service's plain (non-regex) route paths, for the portal's "how to call it". */
  async plainPathsByService(serviceIds: string[]): Promise<Map<string, string[]>> {
    const byService = new Map<string, string[]>();
    if (!serviceIds.length) return byService;
    for (const route of await this.repo.find({ where: { service_id: In(serviceIds) }, order: { created_at: 'ASC', id: 'ASC' } })) {
      const paths = (route.paths ?? []).filter((path) => !path.startsWith('~'));
      byService.set(route.service_id, [...(byService.get(route.service_id) ?? []), ...paths]);
    }
    return byService;
  }
}
