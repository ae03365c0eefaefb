import { parse as parseYaml } from 'yaml';

/**
 * decK's file format (`_format_version: "3.0"`) plus Portico's `developers` and `applications`:
 * reading the text, checking the top level, and flattening the nesting into lists of entities that
 * remember where in the file they came from, so every problem can point at its place.
 */
export interface DeclarativeProblem {
  /** e.g. `services[2].routes[0].paths[1]` */
  place: string;
  message: string;
}

export class DeclarativeError extends Error {
  constructor(readonly problems: DeclarativeProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the declarative configuration:\n${formatProblems(problems)}`);
  }
}

export const formatProblems = (problems: DeclarativeProblem[]) => problems.map((p) => `  ${p.place ? `${p.place}: ` : ''}${p.message}`).join('\n');

export const FORMAT_VERSION = '3.0';

export type Body = Record<string, unknown>;
/** A reference to another entity: one of this file's (by its position in the flattened list) or a key (name or id). */
export type Ref = { item: number } | { key: string };

export interface Item {
  place: string;
  body: Body;
}
export interface RouteItem extends Item {
  service: Ref | null;
}
export interface PluginItem extends Item {
  service: Ref | null;
  route: Ref | null;
}
export interface AclItem extends Item {
  consumer: number;
}
export interface ApplicationItem extends Item {
  developer: string | null;
}
export interface InstanceItem extends Item {
  application: number;
  service: Ref | null;
}

export interface DeclarativePlan {
  services: Item[];
  routes: RouteItem[];
  consumers: Item[];
  acls: AclItem[];
  plugins: PluginItem[];
  developers: Item[];
  applications: ApplicationItem[];
  instances: InstanceItem[];
}

/** decK metadata Portico reads past: `_info` (select tags, defaults), `_workspace`, `_transform`. */
const METADATA = ['_format_version', '_info', '_workspace', '_transform', '_konnect'];
const LISTS = ['services', 'routes', 'plugins', 'consumers', 'developers', 'applications'];
/** Kong kinds Portico has no equivalent of: an empty list is fine, entries are refused. */
export const UNSUPPORTED_KINDS = [
  'upstreams', 'certificates', 'ca_certificates', 'snis', 'vaults', 'consumer_groups', 'keys', 'key_sets',
  'partials', 'filter_chains', 'custom_entities', 'rbac_roles', 'licenses', 'degraphql_routes', 'workspaces',
];
const CONSUMER_CREDENTIALS = [
  'keyauth_credentials', 'basicauth_credentials', 'jwt_secrets', 'hmacauth_credentials', 'oauth2_credentials', 'mtls_auth_credentials', 'groups', 'plugins',
];

export function parseDeclarativeText(text: string): unknown {
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new DeclarativeError([{ place: '', message: `cannot parse the file: ${(err as Error).message.split('\n')[0]}` }]);
  }
}

/** The plan, and the problems of the file's shape; entity problems are found by the importer, so both are listed together. */
export function planDeclarative(doc: unknown): { plan: DeclarativePlan; problems: DeclarativeProblem[] } {
  const problems: DeclarativeProblem[] = [];
  const plan: DeclarativePlan = { services: [], routes: [], consumers: [], acls: [], plugins: [], developers: [], applications: [], instances: [] };
  if (!isRecord(doc)) throw new DeclarativeError([{ place: '', message: 'expected a YAML or JSON object at the top level' }]);

  const version = doc._format_version;
  if (version === undefined) problems.push({ place: '_format_version', message: `required field missing (expected "${FORMAT_VERSION}")` });
  // Unquoted, YAML reads `3.0` as the number 3.
  else if (String(version) !== FORMAT_VERSION && version !== 3) problems.push({ place: '_format_version', message: `unsupported format version "${String(version)}"; Portico reads "${FORMAT_VERSION}" (Kong 3.x, decK 1.x)` });

  for (const key of Object.keys(doc)) {
    if (METADATA.includes(key) || LISTS.includes(key)) continue;
    if (UNSUPPORTED_KINDS.includes(key)) {
      if (isNonEmpty(doc[key])) problems.push({ place: key, message: `Portico has no ${key}; remove them or leave the list empty` });
      continue;
    }
    problems.push({ place: key, message: 'unknown field' });
  }

  const list = (value: unknown, place: string): Body[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push({ place, message: 'expected an array' });
      return [];
    }
    return value.map((entry, i) => {
      if (isRecord(entry)) return entry;
      problems.push({ place: `${place}[${i}]`, message: 'expected a record' });
      return {};
    });
  };
  const split = (body: Body, nested: string[]): [Body, Body] => {
    const own: Body = {};
    const children: Body = {};
    for (const [k, v] of Object.entries(body)) (nested.includes(k) ? children : own)[k] = v;
    return [own, children];
  };

  const addPlugin = (body: Body, place: string, service: Ref | null, route: Ref | null) => {
    const [own] = split(body, []);
    const named = (field: 'service' | 'route', given: Ref | null): Ref | null => {
      if (!(field in own)) return given;
      const value = own[field];
      delete own[field];
      if (given) {
        problems.push({ place: `${place}.${field}`, message: `a nested plugin belongs to its ${field} already` });
        return given;
      }
      return refOf(value, `${place}.${field}`, problems);
    };
    plan.plugins.push({ place, body: own, service: named('service', service), route: named('route', route) });
  };

  const addRoute = (body: Body, place: string, service: Ref | null) => {
    const [own, children] = split(body, ['plugins']);
    let serviceRef = service;
    if ('service' in own) {
      if (service) problems.push({ place: `${place}.service`, message: 'a nested route belongs to its service already' });
      else serviceRef = refOf(own.service, `${place}.service`, problems);
      delete own.service;
    }
    const index = plan.routes.push({ place, body: own, service: serviceRef }) - 1;
    list(children.plugins, `${place}.plugins`).forEach((p, i) => addPlugin(p, `${place}.plugins[${i}]`, null, { item: index }));
  };

  list(doc.services, 'services').forEach((body, i) => {
    const place = `services[${i}]`;
    const [own, children] = split(body, ['routes', 'plugins']);
    const index = plan.services.push({ place, body: own }) - 1;
    list(children.routes, `${place}.routes`).forEach((r, j) => addRoute(r, `${place}.routes[${j}]`, { item: index }));
    list(children.plugins, `${place}.plugins`).forEach((p, j) => addPlugin(p, `${place}.plugins[${j}]`, { item: index }, null));
  });
  list(doc.routes, 'routes').forEach((body, i) => addRoute(body, `routes[${i}]`, null));
  list(doc.plugins, 'plugins').forEach((body, i) => addPlugin(body, `plugins[${i}]`, null, null));

  list(doc.consumers, 'consumers').forEach((body, i) => {
    const place = `consumers[${i}]`;
    const [own, children] = split(body, ['acls', ...CONSUMER_CREDENTIALS]);
    const index = plan.consumers.push({ place, body: own }) - 1;
    for (const kind of CONSUMER_CREDENTIALS) {
      if (isNonEmpty(children[kind])) problems.push({ place: `${place}.${kind}`, message: `not supported by Portico (${kind === 'plugins' ? 'consumer-scoped plugins' : kind === 'groups' ? 'consumer groups' : 'Kong-issued credentials'}); tokens from the identity provider are mapped to consumers instead` });
    }
    list(children.acls, `${place}.acls`).forEach((acl, j) => {
      const [aclOwn] = split(acl, []);
      delete aclOwn.consumer;
      plan.acls.push({ place: `${place}.acls[${j}]`, body: aclOwn, consumer: index });
    });
  });

  list(doc.developers, 'developers').forEach((body, i) => plan.developers.push({ place: `developers[${i}]`, body }));
  list(doc.applications, 'applications').forEach((body, i) => {
    const place = `applications[${i}]`;
    const [own, children] = split(body, ['instances', 'developer']);
    const developer = typeof children.developer === 'string' ? children.developer : null;
    if (!developer) problems.push({ place: `${place}.developer`, message: children.developer === undefined ? 'required field missing' : 'expected the email (or id) of a developer' });
    const index = plan.applications.push({ place, body: own, developer }) - 1;
    list(children.instances, `${place}.instances`).forEach((instance, j) => {
      const [instanceOwn, ref] = split(instance, ['service']);
      const instancePlace = `${place}.instances[${j}]`;
      const service = ref.service === undefined ? null : refOf(ref.service, `${instancePlace}.service`, problems);
      if (ref.service === undefined) problems.push({ place: `${instancePlace}.service`, message: 'required field missing' });
      plan.instances.push({ place: instancePlace, body: instanceOwn, application: index, service });
    });
  });

  return { plan, problems };
}

/** decK writes references as a name or id string; `{id}` and `{name}` records are read too. */
function refOf(value: unknown, place: string, problems: DeclarativeProblem[]): Ref | null {
  if (typeof value === 'string' && value) return { key: value };
  if (isRecord(value)) {
    const key = value.id ?? value.name;
    if (typeof key === 'string' && key) return { key };
  }
  if (value === null) return null;
  problems.push({ place, message: 'expected the name or id of an entity' });
  return null;
}

const isRecord = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null);
