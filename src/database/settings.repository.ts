import { DataAccess } from './data-access.decorator';
import { DataSource } from 'typeorm';
import { SettingEntity } from './setting.entity';

@DataAccess()
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Returns the stored value, storing `create()` first when there is none. Insert-or-ignore makes two
   * nodes starting together agree on one value.
   */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const repo = this.dataSource.getRepository(SettingEntity);
    const existing = await repo.findOneBy({ key });
    if (existing) return existing.value;
    await repo.createQueryBuilder().insert().values({ key, value: create() }).orIgnore().execute();
    return (await repo.findOneByOrFail({ key })).value;
  }
}
