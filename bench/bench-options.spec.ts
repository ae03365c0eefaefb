import { parseOptions, UsageError } from './bench-options';

describe('parseOptions', () => {
  it('has defaults that satisfy the issue: 50 connections, warm-up, at least two reps', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({ connections: 50, reps: 3, durationS: 6, warmupS: 2, scenarios: [], requests: [], load: 'auto' });
  });

  it('reads every option', () => {
    const options = parseOptions(['--duration=8', '--warmup=0', '--reps=2', '--connections=10', '--scenarios=direct,portico-plain', '--requests=get', '--load=autocannon', '--quiet-wait=5', '--disturbed-repeats=0', '--observing-pairs=2', '--cpu-prof=/tmp/p']);
    expect(options).toEqual({
      durationS: 8,
      warmupS: 0,
      reps: 2,
      connections: 10,
      scenarios: ['direct', 'portico-plain'],
      requests: ['get'],
      load: 'autocannon',
      quietWaitS: 5,
      disturbedRepeats: 0,
      observingPairs: 2,
      cpuProfileDir: '/tmp/p',
    });
  });

  it.each([['--duration=0'], ['--duration=1.5'], ['--reps=abc'], ['--connections=-1'], ['--load=ab'], ['--cpu-prof='], ['--quiet-wait=x'], ['--disturbed-repeats=-1'], ['--observing-pairs=11'], ['--nope=1'], ['stray']])(
    'rejects %s',
    (arg) => {
      expect(() => parseOptions([arg])).toThrow(UsageError);
    },
  );
});
