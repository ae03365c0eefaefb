import { Type } from '@sinclair/typebox';
import { entitySchema, ForeignKey, forUpdate, nullable, Tags } from '../common/kong-schema';
import { DeveloperStatusSchema, InstanceStatusSchema } from './status';

/**
 * Request bodies of the developer, application and instance endpoints, portal and admin. Unknown
 * fields are refused, which is how a developer's `status`, `consumer` or `developer` never reaches a
 * row (the one exception, instance requests, is documented there).
 */
const Email = Type.String({ format: 'email', maxLength: 255, description: 'Email address; the login name.' });
const Password = Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters. Stored as a salted scrypt hash.' });
const Meta = nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form JSON object (e.g. `{"full_name": "…"}`).' }));
const ReferenceId = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x21-\\x7e]+$',
    errorMessage: 'invalid value; expected printable characters without spaces',
    description,
  });

export const DeveloperRegisterSchema = entitySchema({ email: Email, password: Password, meta: Meta }, ['email', 'password']);

export const DeveloperCreateSchema = entitySchema(
  {
    email: Email,
    password: Password,
    status: DeveloperStatusSchema,
    custom_id: nullable(ReferenceId('Unique id of the developer in another system.')),
    meta: Meta,
    tags: Tags,
  },
  ['email', 'password'],
);
export const DeveloperUpdateSchema = forUpdate(DeveloperCreateSchema);

const applicationFields = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[^\\x00-\\x1f\\x7f]+$',
    errorMessage: 'invalid value; control characters are not allowed',
    description: "Name, unique among the developer's applications.",
  }),
  custom_id: ReferenceId('Reference ID: the client id of the application at the identity provider. Unique.'),
  description: nullable(Type.String({ maxLength: 4096, description: 'What the application does.' })),
  redirect_uri: nullable(Type.String({ format: 'url', maxLength: 2048, description: 'OAuth redirect URI registered at the identity provider.' })),
  meta: Meta,
};

export const ApplicationCreateSchema = entitySchema(applicationFields, ['name', 'custom_id']);
export const ApplicationUpdateSchema = forUpdate(ApplicationCreateSchema);

/** Admin, under /developers/{developer}: as a developer would send it, plus tags. */
export const ApplicationOfDeveloperCreateSchema = entitySchema({ ...applicationFields, tags: Tags }, ['name', 'custom_id']);
export const ApplicationAdminUpdateSchema = forUpdate(ApplicationOfDeveloperCreateSchema);
/** Admin, POST /applications: the owner is named in the body. */
export const ApplicationAdminCreateSchema = entitySchema({ ...applicationFields, developer: ForeignKey('developer'), tags: Tags }, [
  'name',
  'custom_id',
  'developer',
]);

/** SPEC §4.2: `status`/`suspended` in a developer's request are accepted and ignored. */
export const InstanceRequestSchema = entitySchema(
  {
    service: ForeignKey('service'),
    status: Type.Unknown({ description: 'Ignored: an administrator decides.' }),
    suspended: Type.Unknown({ description: 'Ignored: an administrator decides.' }),
  },
  ['service'],
);

const instanceAdminFields = {
  status: InstanceStatusSchema,
  suspended: Type.Boolean({ description: 'A suspended instance grants no access whatever its status.' }),
  tags: Tags,
};
/** Under /applications/{app} the body names the service; under /services/{service}, the application. */
export const InstanceAdminCreateSchema = {
  service: entitySchema({ service: ForeignKey('service'), ...instanceAdminFields }, ['service']),
  application: entitySchema({ application: ForeignKey('application'), ...instanceAdminFields }, ['application']),
};
export const InstanceAdminUpdateSchema = forUpdate(entitySchema(instanceAdminFields));
