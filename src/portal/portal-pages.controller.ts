import { Controller, Get, Inject } from '@nestjs/common';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { pageShell } from '../web/web-assets';
import { HtmlPage } from '../web/public-page.decorator';
import { LISTENER_URLS, ListenerUrls } from '../web/listener-urls';

/**
 * The developer portal's pages (SPEC §6.1). Every page path serves the same shell; its script draws
 * the page and does everything through the Portal API, so the pages can do nothing the API forbids.
 * Paths are not API paths (`/apps`, not `/applications`).
 */
@Controller()
export class PortalPagesController {
  constructor(
    @Inject(LISTENER_URLS) private readonly urls: ListenerUrls,
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
  ) {}

  @Get(['/', 'login', 'signup', 'catalog', 'apps', 'apps/:id', 'apps/:id/edit'])
  @HtmlPage()
  page() {
    return pageShell('portal', 'Portico developer portal', { 'proxy-url': this.config.portalProxyUrl ?? this.urls.proxy ?? '' });
  }
}
