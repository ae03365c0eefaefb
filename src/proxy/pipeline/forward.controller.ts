import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forwarder } from '../forwarder';
import { contextOf } from '../proxy-context';
import { PROXY_PIPELINE } from './pipeline';

/** Stage `forward`, the last: every request that passed the pipeline's guards goes to its upstream. */
@Controller()
export class ForwardController {
  constructor(private readonly forwarder: Forwarder) {}

  @All('*')
  @UseGuards(...PROXY_PIPELINE)
  forward(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    // From here on the raw Node response belongs to the forwarder: it streams the upstream's answer.
    reply.hijack();
    this.forwarder.forward(contextOf(req.raw));
  }
}
