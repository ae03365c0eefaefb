import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * package.json `overrides` pin transitive dependencies to the last majors that still run on Node 20
 * (the newer majors only raised `engines`). These check, in a plain Node process (jest cannot load
 * the ESM-only packages), that the parents still work with what they now get, as each parent loads it.
 */
const run = async (script: string) => (await promisify(execFile)(process.execPath, ['-e', script], { cwd: process.cwd(), timeout: 30_000 })).stdout.trim();

const PNG_HEAD = '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489';

describe('dependencies overridden for Node 20', () => {
  it("@nestjs/common's FileTypeValidator detects a file's type with file-type 21", async () => {
    const out = await run(`
      const { FileTypeValidator } = require('@nestjs/common');
      const validator = new FileTypeValidator({ fileType: 'image/png' });
      const png = { mimetype: 'image/png', buffer: Buffer.from('${PNG_HEAD}', 'hex') };
      const text = { mimetype: 'image/png', buffer: Buffer.from('not an image at all, just text') };
      Promise.all([validator.isValid(png), validator.isValid(text)]).then((r) => console.log(JSON.stringify(r)));
    `);
    expect(JSON.parse(out)).toEqual([true, false]);
  });

  it("light-my-request encodes injected requests' cookies with cookie 1.x", async () => {
    const out = await run(`
      const inject = require('node:module').createRequire(require.resolve('@nestjs/platform-fastify'))('light-my-request');
      const handler = (req, res) => res.end(req.headers.cookie);
      inject(handler, { url: '/a/b', cookies: { plain: '1', spaced: 'x y', elsewhere: { value: '2', path: '/c' } } }).then((res) => console.log(res.payload));
    `);
    expect(out).toBe('plain=1; spaced=x%20y');
  });

  it("@fastify/static's Content-Disposition works with content-disposition 2.x", async () => {
    const out = await run(`console.log(require('node:module').createRequire(require.resolve('@fastify/static'))('content-disposition').create('report 1.pdf'))`);
    expect(out).toBe('attachment; filename="report 1.pdf"');
  });
});
