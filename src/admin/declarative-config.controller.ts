import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PorticoError } from '../common/http-errors';
import { DeclarativeConfigService } from '../declarative/declarative-config.service';
import { DeclarativeError, parseDeclarativeText } from '../declarative/declarative-file';

/** Kong's /config: the whole configuration as one declarative file (SPEC §8). */
@ApiTags('declarative configuration')
@Controller('config')
export class DeclarativeConfigController {
  constructor(private readonly declarative: DeclarativeConfigService) {}

  @Get()
  @ApiOperation({ summary: 'The configuration as a decK-format file (JSON)' })
  export() {
    return this.declarative.exportDocument();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'DB-less only: replace the whole configuration with this file (JSON, YAML with Content-Type: application/yaml, or `{"config": "<yaml>"}`); all or nothing, 400 lists every problem',
  })
  async replace(@Body() body: unknown, @RequestAudit() audit: AuditScope) {
    if (!this.declarative.dbless) {
      throw new PorticoError(400, { message: 'this endpoint is only available when Portico is configured to not use a database (PORTICO_DATABASE_URL=off)' }, 'not_dbless');
    }
    try {
      // A YAML body arrives as text (see acceptYamlBodies); Kong also takes the file as a string in `config`.
      const doc = typeof body === 'string' ? parseDeclarativeText(body) : isWrapped(body) ? parseDeclarativeText(body.config) : body;
      await this.declarative.importDocument(doc, { replace: true, audit });
    } catch (err) {
      if (!(err instanceof DeclarativeError)) throw err;
      const fields = Object.fromEntries(err.problems.map((p) => [p.place || '@entity', p.message]));
      throw new PorticoError(400, { code: 14, name: 'invalid declarative configuration', message: err.message, fields, problems: err.problems }, 'invalid_declarative');
    }
    return this.declarative.exportDocument();
  }
}

const isWrapped = (body: unknown): body is { config: string } =>
  typeof body === 'object' && body !== null && typeof (body as { config?: unknown }).config === 'string' && !('_format_version' in body);
