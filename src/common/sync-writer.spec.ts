import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { SyncWriter } from './sync-writer';

describe('SyncWriter', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'portico-sync-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends to a file, creating its directory, as UTF-8, whatever the size of a write', () => {
    const path = join(dir, 'nested', 'access.log');
    const big = `${'x'.repeat(200_000)}\n`;
    SyncWriter.append(path).write('{"path":"/é/中文/😀"}\n');
    const again = SyncWriter.append(path);
    again.write(big);
    again.write('last\n');
    expect(readFileSync(path, 'utf8')).toBe(`{"path":"/é/中文/😀"}\n${big}last\n`);
  });

  it('throws what the system refuses, other than a full pipe', () => {
    expect(() => new SyncWriter(987_654).write('x\n')).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('loses and cuts nothing when a pipe reader stops for a while: it waits for the reader instead', async () => {
    // A child writes 4 MiB of numbered lines to its stdout, a pipe Node has made non-blocking, while
    // this side does not read for the first 300 ms; the pipe fills up and the writer must wait.
    const module = join(dir, 'sync-writer.js');
    const source = readFileSync(join(__dirname, 'sync-writer.ts'), 'utf8');
    writeFileSync(module, transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } }).outputText);
    const script = `
      const { SyncWriter } = require(${JSON.stringify(module)});
      process.stdout; // makes fd 1 non-blocking, as in the gateway
      const writer = new SyncWriter(1);
      for (let batch = 0; batch < 1024; batch++) {
        let text = '';
        for (let i = 0; i < 64; i++) text += JSON.stringify({ n: batch * 64 + i, pad: 'p'.repeat(40) }) + '\\n';
        writer.write(text);
      }
      process.stderr.write(String(writer.waits));
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise((resolve) => child.on('close', resolve));

    expect(code).toBe(0);
    expect(Number(stderr)).toBeGreaterThan(0);
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1024 * 64);
    const parsed = lines.map((line) => JSON.parse(line) as { n: number; pad: string });
    expect(parsed.map((line) => line.n)).toEqual([...Array(1024 * 64).keys()]);
    expect(parsed.every((line) => line.pad === 'p'.repeat(40))).toBe(true);
  });
});
