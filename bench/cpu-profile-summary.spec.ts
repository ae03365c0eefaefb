import { CpuProfile, summarizeProfile } from './cpu-profile-summary';

// root → server (node:_http_server) → handler (node_modules/fastify) → write (native); plus idle and startup.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 5, 6] },
    { id: 2, callFrame: { functionName: 'parserOnIncoming', url: 'node:_http_server', lineNumber: 10 }, children: [3] },
    { id: 3, callFrame: { functionName: 'handle', url: 'file:///x/node_modules/fastify/lib/route.js', lineNumber: 41 }, children: [4] },
    { id: 4, callFrame: { functionName: 'writev', url: '', lineNumber: -1 } },
    { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 6, callFrame: { functionName: 'compile', url: 'node:internal/modules/cjs/loader', lineNumber: 0 }, children: [7] },
    // Loading node:_http_server itself: a frame with its URL that is not a request.
    { id: 7, callFrame: { functionName: '', url: 'node:_http_server', lineNumber: 0 } },
  ],
  // Each sample counts the delta that follows it.
  samples: [7, 6, 2, 3, 4, 4, 5, 3],
  timeDeltas: [0, 1_000, 4_000, 1_000, 2_000, 3_000, 3_000, 10_000],
};

describe('summarizeProfile', () => {
  it('attributes self time per area and function, inclusive time per area, excluding idle from the percentages', () => {
    const summary = summarizeProfile(profile);
    // busy = 5000 (compile) + 1000 (server) + 2000 (fastify) + 6000 (writev) = 14000 µs; idle 10000.
    expect(summary).toContain('busy 0.0 s (58%)');
    expect(summary).toMatch(/\| \(native\) \| 6 \| 42\.9 \| 42\.9 \|/);
    expect(summary).toMatch(/\| fastify \| 2 \| 14\.3 \| 57\.1 \|/);
    expect(summary).toMatch(/\| writev \|  \| 6 \| 42\.9 \|/);
    expect(summary).toMatch(/\| handle \| fastify\/lib\/route\.js:42 \| 2 \| 14\.3 \|/);
  });

  it('gives inclusive time for functions outside Node core, counting each sample once', () => {
    const inclusive = summarizeProfile(profile).split('by inclusive time')[1];
    // handle is on the stack for its own 2000 µs and writev's 6000 µs; node:_http_server frames are left out.
    expect(inclusive).toMatch(/\| handle \| fastify\/lib\/route\.js:42 \| 8 \| 57\.1 \|/);
    expect(inclusive).not.toContain('parserOnIncoming');
  });

  it('can leave out start-up and put the time per request', () => {
    const summary = summarizeProfile(profile, { since: /^parserOnIncoming node:_http_server$/, requests: 3_000 });
    expect(summary).not.toContain('node:modules');
    expect(summary).toContain('3,000 requests, 3.0 µs busy per request');
    expect(summary).toMatch(/\| \(native\) \| 6 \| 66\.7 \| 2\.0 \| 66\.7 \|/);
  });
});
