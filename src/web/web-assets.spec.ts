import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebAssets, PAGE_HEADERS, pageShell } from './web-assets';

describe('pageShell', () => {
  it('loads its script as a module from this origin, with no inline script', () => {
    const html = pageShell('portal', 'Portal');
    expect(html).toContain('<script type="module" src="/assets/portal/app.js"></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('escapes the settings it carries', () => {
    const html = pageShell('portal', 'Portal', { 'proxy-url': '"><script>alert(1)</script>' });
    expect(html).toContain('<meta name="portico-proxy-url" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});

describe('PAGE_HEADERS', () => {
  it('allow scripts from this origin only, never inline', () => {
    const csp = PAGE_HEADERS['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});

describe('loadWebAssets', () => {
  it('serves scripts and styles by relative name, and nothing else', () => {
    const root = mkdtempSync(join(tmpdir(), 'portico-web-'));
    mkdirSync(join(root, 'portal'));
    writeFileSync(join(root, 'portal', 'app.js'), 'export {};');
    writeFileSync(join(root, 'style.css'), 'body{}');
    writeFileSync(join(root, 'notes.txt'), 'not an asset');
    const assets = loadWebAssets(root);
    expect([...assets.keys()].sort()).toEqual(['portal/app.js', 'style.css']);
    expect(assets.get('portal/app.js')!.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('is empty when the pages were not built', () => {
    expect(loadWebAssets(join(tmpdir(), 'portico-no-such-dir')).size).toBe(0);
  });
});
