import type { ApplicationInstanceEntity } from './application-instance.entity';
import type { ApplicationEntity } from './application.entity';
import type { DeveloperEntity } from './developer.entity';

/** How rows are shown, on both APIs. Anything not listed (the password hash) never leaves. */
export function developerJson(row: DeveloperEntity) {
  const { id, email, status, custom_id, meta, tags, created_at, updated_at } = row;
  return { id, email, status, custom_id, meta, tags, created_at, updated_at };
}

export function applicationJson(row: ApplicationEntity) {
  const { id, name, custom_id, description, redirect_uri, meta, tags, created_at, updated_at } = row;
  return {
    id,
    name,
    custom_id,
    description,
    redirect_uri,
    meta,
    developer: { id: row.developer_id },
    consumer: { id: row.consumer_id },
    tags,
    created_at,
    updated_at,
  };
}

export function instanceJson(row: ApplicationInstanceEntity) {
  const { id, status, suspended, tags, created_at, updated_at } = row;
  return {
    id,
    status,
    suspended,
    application: { id: row.application_id },
    service: { id: row.service_id },
    composite_id: `${row.service_id}_${row.application_id}`,
    tags,
    created_at,
    updated_at,
  };
}
