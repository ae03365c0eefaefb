/** The scale the issue asks a node to handle: every application approved for ten services. */
export const SCALE = { routes: 1_000, developers: 1_000, applications: 10_000, instances: 100_000 };

/**
 * Seeds a migrated PostgreSQL database by SQL (through the Admin API this would take many minutes):
 * one service and route per `/scale-N`, developers with ten applications each, each application
 * approved for ten services, with the ACL rows approval creates. Ids are derived (md5 as uuid) so
 * rows can refer to each other without a round trip.
 */
export async function seedScale(run: (sql: string) => Promise<unknown>, upstreamUrl: string): Promise<void> {
  const { hostname, port } = new URL(upstreamUrl);
  if (!/^[\d.]+$/.test(hostname) || !/^\d+$/.test(port)) throw new Error(`unexpected upstream ${upstreamUrl}`);
  const id = (prefix: string, expr: string) => `md5('${prefix}' || ${expr})::uuid::text`;
  const last = (n: number) => n - 1;
  const perDeveloper = SCALE.applications / SCALE.developers;
  const perApplication = SCALE.instances / SCALE.applications;
  await run(`
    INSERT INTO services (id, created_at, updated_at, tags, name, protocol, host, port, path, retries, connect_timeout, write_timeout, read_timeout, enabled)
    SELECT ${id('svc', 'i')}, 0, 0, NULL, 'scale-' || i, 'http', '${hostname}', ${port}, NULL, 5, 60000, 60000, 60000, true
    FROM generate_series(0, ${last(SCALE.routes)}) i;
    INSERT INTO routes (id, created_at, updated_at, tags, name, service_id, protocols, methods, hosts, paths, strip_path, preserve_host, regex_priority)
    SELECT ${id('route', 'i')}, 0, 0, NULL, 'scale-' || i, ${id('svc', 'i')}, '["http","https"]', NULL, NULL, '["/scale-' || i || '"]', true, false, 0
    FROM generate_series(0, ${last(SCALE.routes)}) i;
    INSERT INTO developers (id, created_at, updated_at, tags, email, password_hash, status, custom_id, meta, session_generation)
    SELECT ${id('dev', 'i')}, 0, 0, NULL, 'scale-' || i || '@example.com', 'not-a-hash', 0, NULL, NULL, 0
    FROM generate_series(0, ${last(SCALE.developers)}) i;
    INSERT INTO consumers (id, created_at, updated_at, tags, username, custom_id, type)
    SELECT ${id('con', 'j')}, 0, 0, NULL, 'scale_app_' || j, 'scale-app-' || j, 'application'
    FROM generate_series(0, ${last(SCALE.applications)}) j;
    INSERT INTO applications (id, created_at, updated_at, tags, developer_id, consumer_id, name, custom_id, description, redirect_uri, meta)
    SELECT ${id('app', 'j')}, 0, 0, NULL, ${id('dev', `(j / ${perDeveloper})`)}, ${id('con', 'j')}, 'app-' || j, 'scale-app-' || j, NULL, NULL, NULL
    FROM generate_series(0, ${last(SCALE.applications)}) j;
    INSERT INTO application_instances (id, created_at, updated_at, tags, application_id, service_id, status, suspended, suspended_by_developer)
    SELECT ${id('inst', `j || '-' || k`)}, 0, 0, NULL, ${id('app', 'j')}, ${id('svc', `((j * ${perApplication} + k) % ${SCALE.routes})`)}, 0, false, false
    FROM generate_series(0, ${last(SCALE.applications)}) j, generate_series(0, ${last(perApplication)}) k;
    INSERT INTO acls (id, created_at, updated_at, tags, consumer_id, "group")
    SELECT ${id('acl', `j || '-' || k`)}, 0, 0, NULL, ${id('con', 'j')}, ${id('svc', `((j * ${perApplication} + k) % ${SCALE.routes})`)}
    FROM generate_series(0, ${last(SCALE.applications)}) j, generate_series(0, ${last(perApplication)}) k;
  `);
}
