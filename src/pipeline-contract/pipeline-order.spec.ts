import { inRunOrder, PIPELINE_STAGES, PLUGIN_PRIORITY, PLUGIN_STAGES } from './pipeline-order';

describe('the pipeline order', () => {
  it('receives, matches, authenticates, resolves the consumer, checks access, and forwards last', () => {
    expect(PIPELINE_STAGES).toEqual(['receive', 'match_route', 'authenticate', 'resolve_consumer', 'check_access', 'forward']);
    expect(PIPELINE_STAGES.filter((s) => (PLUGIN_STAGES as readonly string[]).includes(s))).toEqual([...PLUGIN_STAGES]);
  });

  it("keeps Kong's plugin priorities: openid-connect, then application-registration, then acl", () => {
    expect(inRunOrder(Object.entries(PLUGIN_PRIORITY).map(([name, priority]) => ({ name, priority }))).map((p) => p.name)).toEqual([
      'openid-connect',
      'application-registration',
      'acl',
    ]);
  });

  it('sorts higher priority first and keeps the given order of equal priorities, without changing its input', () => {
    const input = [{ n: 'a', priority: 1 }, { n: 'b', priority: 5 }, { n: 'c', priority: 1 }];
    expect(inRunOrder(input).map((p) => p.n)).toEqual(['b', 'a', 'c']);
    expect(input.map((p) => p.n)).toEqual(['a', 'b', 'c']);
  });
});
