import { DataAccess } from '../database/data-access.decorator';
import { DataSource } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { Errors } from '../common/http-errors';
import { PluginEntity } from './plugin.entity';

@DataAccess()
export class PluginsRepository extends KongRepository<PluginEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, PluginEntity, []);
  }

  listByService(serviceId: string, query: ListQuery): Promise<PluginEntity[]> {
    return this.page(query, { service_id: serviceId });
  }

  listByRoute(routeId: string, query: ListQuery): Promise<PluginEntity[]> {
    return this.page(query, { route_id: routeId });
  }

  listByName(name: string): Promise<PluginEntity[]> {
    return this.repo.findBy({ name });
  }

  protected async assertUnique(values: Partial<PluginEntity>, exceptId: string | null): Promise<void> {
    if (!values.cache_key) return;
    const clash = await this.repo.findOneBy({ cache_key: values.cache_key });
    if (clash && clash.id !== exceptId) {
      throw Errors.uniqueViolation({
        name: values.name ?? clash.name,
        service: values.service_id ? { id: values.service_id } : null,
        route: values.route_id ? { id: values.route_id } : null,
        consumer: null,
      });
    }
  }
}
