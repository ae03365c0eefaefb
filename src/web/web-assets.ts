import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export type WebApp = 'portal' | 'manager';

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The pages' security headers. Scripts and styles come from this origin only (no inline script, no
 * other origin: the pages work offline), the only requests they make are to this origin, and no
 * other site may frame them.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/** Where `npm run build` puts the compiled pages (dist/web), from dist/src/web. */
const WEB_ROOT = join(__dirname, '..', '..', 'web');

/**
 * The pages' scripts and styles, read once at start-up into memory: a few tens of kilobytes, and
 * serving from a fixed map means no request path ever reaches the file system.
 */
export function loadWebAssets(root = WEB_ROOT): Map<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  if (!existsSync(root)) return assets;
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (CONTENT_TYPES[extname(entry.name)]) assets.set(prefix + entry.name, { body: readFileSync(path), contentType: CONTENT_TYPES[extname(entry.name)] });
    }
  };
  walk(root, '');
  return assets;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The one HTML document each app serves on all of its page paths; the script draws the page the
 * path names. `settings` become <meta> tags the script reads (no inline script under the CSP).
 */
export function pageShell(app: WebApp, title: string, settings: Record<string, string> = {}): string {
  const meta = Object.entries(settings)
    .map(([name, value]) => `<meta name="portico-${escapeAttribute(name)}" content="${escapeAttribute(value)}">`)
    .join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeAttribute(title)}</title>
    ${meta}
    <link rel="stylesheet" href="/assets/style.css">
    <script type="module" src="/assets/${app}/app.js"></script>
  </head>
  <body>
    <a class="skip" href="#main">Skip to content</a>
    <div id="app"><main id="main"><p>Loading…</p></main></div>
    <noscript><p>This page needs JavaScript.</p></noscript>
  </body>
</html>
`;
}
