import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { validateBody } from '../common/request-body';
import { PipelineTracer, TraceRequest } from '../proxy/trace/pipeline-tracer';
import { ReadOnlyPost } from '../audit/read-only-post';
import { DocWrite } from './admin-docs';

/** RFC 9110 token characters. */
const HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

const TraceSchema = Type.Object(
  {
    method: Type.String({ pattern: '^[A-Za-z]{1,16}$', default: 'GET', description: 'HTTP method of the request to trace.' }),
    url: Type.String({
      minLength: 1,
      maxLength: 8192,
      pattern: '^(/|https?://)',
      description: 'Path and query as a client would send them to the proxy (`/orders?x=1`), or an absolute URL whose host is used as Host.',
    }),
    headers: Type.Record(Type.String({ pattern: HEADER_NAME }), Type.String({ maxLength: 16384 }), {
      // patternProperties alone lets other names through: say they are not allowed.
      additionalProperties: false,
      maxProperties: 100,
      default: {},
      description: 'Request headers (Authorization, Cookie, Host…). Credentials are used, never echoed.',
    }),
  },
  { additionalProperties: false },
);

/** SPEC §9: why would Portico allow or refuse this request? Every stage's verdict, nothing forwarded. */
@ApiTags('trace')
@Controller('trace')
export class TraceController {
  constructor(private readonly tracer: PipelineTracer) {}

  @Post()
  @ReadOnlyPost()
  @HttpCode(200)
  @DocWrite('Run the proxy pipeline for a described request without forwarding it, and explain the decision', TraceSchema, 200)
  trace(@Body() body: unknown) {
    return this.tracer.trace(validateBody<TraceRequest>(TraceSchema, body));
  }
}
