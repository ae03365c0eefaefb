import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../../common/http-errors';
import { validateBody } from '../../common/request-body';
import { HtmlPage, PublicPage } from '../../web/public-page.decorator';
import { pageShell } from '../../web/web-assets';
import { AdminBrowserSessions } from './admin-browser-sessions';

const LoginSchema = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false });

/**
 * The admin approvals page (SPEC §6.2) and its token log-in. The page itself is public (an empty
 * shell); everything it shows comes from the Admin API, behind the admin token or its session cookie.
 */
@Controller('manager')
export class ManagerPagesController {
  constructor(private readonly sessions: AdminBrowserSessions) {}

  @Get()
  @HtmlPage()
  page() {
    return pageShell('manager', 'Portico manager', { 'token-required': this.sessions.required ? 'yes' : 'no' });
  }

  /** Trades the admin token for the session cookie. Without a configured token there is nothing to log in to. */
  @Post('session')
  @PublicPage()
  @HttpCode(204)
  login(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { token } = validateBody<{ token: string }>(LoginSchema, body);
    if (!this.sessions.required) return;
    if (!this.sessions.tokenMatches(token)) throw Errors.unauthorized('admin_token');
    void reply.header('set-cookie', this.sessions.issue(request));
  }

  @Delete('session')
  @PublicPage()
  @HttpCode(204)
  logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('set-cookie', this.sessions.clear(request));
  }
}
