import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { JSON_CONTENT_TYPE } from '../common/http-errors';
import { DatabaseHealth } from './database-health';
import { metrics } from './metrics';

/**
 * /status and /metrics: on the status listener without authentication (for load balancers and
 * Prometheus), and on the admin listener behind the admin token.
 */
@ApiTags('information')
@Controller()
export class OperatingController {
  constructor(private readonly health: DatabaseHealth) {}

  @Get('status')
  @ApiOperation({ summary: 'Health: 200 when the database answers, 503 when it does not' })
  async status(@Res() reply: FastifyReply) {
    const reachable = await this.health.reachable();
    const memory = process.memoryUsage();
    void reply
      .status(reachable ? 200 : 503)
      .header('content-type', JSON_CONTENT_TYPE)
      .send(JSON.stringify({ database: { reachable }, memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed } }));
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  async metrics(@Res() reply: FastifyReply) {
    const registry = metrics();
    const text = await registry.text();
    void reply.status(200).header('content-type', registry.contentType).send(text);
  }
}
