import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Errors } from '../common/http-errors';
import { logger } from '../common/logger';
import { PublicPage } from './public-page.decorator';
import { loadWebAssets } from './web-assets';

/** The pages' scripts and stylesheet, on both the portal and the admin listener, from memory. */
@Controller('assets')
export class WebAssetsController {
  private readonly assets = loadWebAssets();

  constructor() {
    if (!this.assets.size) logger().warn('the web pages were not built (no dist/web): run npm run build');
  }

  @Get(':file')
  @PublicPage()
  file(@Param('file') file: string, @Res() reply: FastifyReply) {
    return this.send(file, reply);
  }

  @Get(':dir/:file')
  @PublicPage()
  nested(@Param('dir') dir: string, @Param('file') file: string, @Res() reply: FastifyReply) {
    return this.send(`${dir}/${file}`, reply);
  }

  private send(name: string, reply: FastifyReply) {
    const asset = this.assets.get(name);
    if (!asset) throw Errors.notFound();
    // no-cache: revalidate each time, so an upgrade never leaves a browser with the old script.
    return reply.code(200).headers({ 'content-type': asset.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(asset.body);
  }
}
