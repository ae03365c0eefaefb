import { DataSource } from 'typeorm';
import { createDataSource } from '../database/data-source';
import { MIGRATIONS } from '../database/migrations';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ServiceEntity } from '../gateway/service.entity';
import { ApplicationInstanceEntity } from './application-instance.entity';
import { ApplicationEntity } from './application.entity';
import { ApplicationTransaction } from './application-transaction';
import { DeveloperEntity } from './developer.entity';

/** The transactional writes against a real (in-memory) database, migrations and foreign keys included. */
describe('ApplicationTransaction', () => {
  let db: DataSource;
  let services: string[];
  let developerId: string;
  let n = 0;

  const run = <T>(work: (tx: ApplicationTransaction) => Promise<T>) => db.transaction((em) => work(new ApplicationTransaction(em)));
  const groups = async (consumerId: string) => (await db.getRepository(ConsumerAclEntity).findBy({ consumer_id: consumerId })).map((a) => a.group).sort();

  async function application(): Promise<ApplicationEntity> {
    return run(async (tx) => {
      const consumer = await tx.consumers.insert({ username: `u${++n}`, custom_id: `client-${n}`, type: 'application' });
      return tx.applications.insert({ developer_id: developerId, consumer_id: consumer.id, name: `app-${n}`, custom_id: `client-${n}` });
    });
  }

  const instance = (app: ApplicationEntity, service: string, status: number, suspended = false) =>
    run((tx) => tx.instances.insert({ application_id: app.id, service_id: service, status, suspended, suspended_by_developer: false }));

  beforeAll(async () => {
    const entities = [ServiceEntity, ConsumerEntity, ConsumerAclEntity, DeveloperEntity, ApplicationEntity, ApplicationInstanceEntity];
    db = createDataSource({ type: 'sqlite', path: ':memory:' }, { entities, migrations: MIGRATIONS, subscribers: [] });
    await db.initialize();
    await db.runMigrations();
    const base = { protocol: 'http' as const, port: 80, path: null, retries: 5, connect_timeout: 1, write_timeout: 1, read_timeout: 1, enabled: true };
    services = [];
    for (const name of ['s1', 's2', 's3']) services.push((await db.getRepository(ServiceEntity).save(db.getRepository(ServiceEntity).create({ ...base, name, host: name }))).id);
    const developers = db.getRepository(DeveloperEntity);
    developerId = (await developers.save(developers.create({ email: 'd@x.io', password_hash: 'x', status: 0, custom_id: null, meta: null, session_generation: 0 }))).id;
  });
  afterAll(() => db?.destroy());

  describe('syncAcls', () => {
    it('grants exactly the approved, unsuspended services of an approved developer', async () => {
      const app = await application();
      await instance(app, services[0], 0);
      await instance(app, services[1], 1);
      await instance(app, services[2], 0, true);
      await run((tx) => tx.syncAcls(app, 0));
      expect(await groups(app.consumer_id)).toEqual([services[0]]);
      await run((tx) => tx.syncAcls(app, 3));
      expect(await groups(app.consumer_id)).toEqual([]);
      await run((tx) => tx.syncAcls(app, 0));
      expect(await groups(app.consumer_id)).toEqual([services[0]]);
    });

    it('leaves groups that are not its services alone, and removes the group of a deleted instance when told', async () => {
      const app = await application();
      const acls = db.getRepository(ConsumerAclEntity);
      await acls.save(acls.create({ consumer_id: app.consumer_id, group: 'partners' }));
      const approved = await instance(app, services[0], 0);
      await run((tx) => tx.syncAcls(app, 0));
      expect(await groups(app.consumer_id)).toEqual([services[0], 'partners'].sort());
      await run(async (tx) => {
        await tx.instances.delete(approved);
        await tx.syncAcls(app, 0, [approved.service_id]);
      });
      expect(await groups(app.consumer_id)).toEqual(['partners']);
    });

    it('is idempotent', async () => {
      const app = await application();
      await instance(app, services[1], 0);
      for (let i = 0; i < 3; i++) await run((tx) => tx.syncAcls(app, 0));
      expect(await groups(app.consumer_id)).toEqual([services[1]]);
    });
  });

  it('rolls back every write of a failed transaction', async () => {
    const before = await db.getRepository(ConsumerEntity).count();
    await expect(
      run(async (tx) => {
        const consumer = await tx.consumers.insert({ username: 'doomed', custom_id: 'doomed-client', type: 'application' });
        await tx.applications.insert({ developer_id: developerId, consumer_id: consumer.id, name: 'doomed', custom_id: 'doomed-client' });
        // A second consumer with the same username: the unique index refuses it.
        await tx.consumers.insert({ username: 'doomed', custom_id: 'other', type: 'application' });
      }),
    ).rejects.toMatchObject({ status: 409, body: { fields: { username: 'doomed' } } });
    expect(await db.getRepository(ConsumerEntity).count()).toBe(before);
    expect(await db.getRepository(ApplicationEntity).findOneBy({ custom_id: 'doomed-client' })).toBeNull();
  });

  it('deletes an application with its instances, consumer and ACLs', async () => {
    const app = await application();
    await instance(app, services[0], 0);
    await run((tx) => tx.syncAcls(app, 0));
    await run((tx) => tx.deleteApplication(app));
    expect(await db.getRepository(ApplicationInstanceEntity).findBy({ application_id: app.id })).toEqual([]);
    expect(await db.getRepository(ConsumerEntity).findOneBy({ id: app.consumer_id })).toBeNull();
    expect(await groups(app.consumer_id)).toEqual([]);
  });

  it('deletes a developer with everything of theirs', async () => {
    const developers = db.getRepository(DeveloperEntity);
    const other = await developers.save(developers.create({ email: 'gone@x.io', password_hash: 'x', status: 0, custom_id: null, meta: null, session_generation: 0 }));
    const consumer = await run((tx) => tx.consumers.insert({ username: 'gone', custom_id: 'gone-client', type: 'application' }));
    const app = await run((tx) => tx.applications.insert({ developer_id: other.id, consumer_id: consumer.id, name: 'gone', custom_id: 'gone-client' }));
    await instance(app, services[2], 0);
    await run((tx) => tx.deleteDeveloper(other));
    expect(await developers.findOneBy({ id: other.id })).toBeNull();
    expect(await db.getRepository(ApplicationEntity).findOneBy({ id: app.id })).toBeNull();
    expect(await db.getRepository(ConsumerEntity).findOneBy({ id: consumer.id })).toBeNull();
  });
});
