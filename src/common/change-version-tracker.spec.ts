import { ChangeVersionTracker } from './change-version-tracker';

describe('ChangeVersionTracker', () => {
  it('is current when every version arrives, in any order', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(10);
    tracker.saw(12);
    tracker.saw(11);
    expect(tracker.current).toBe(12);
    expect(tracker.check(12)).toBe(false);
    expect(tracker.check(12)).toBe(false);
  });

  it('gives a notification in flight one check period before calling it lost', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(5);
    expect(tracker.check(6)).toBe(false);
    tracker.saw(6);
    expect(tracker.check(6)).toBe(false);
  });

  it('asks for a re-read when a version is still missing at the next check', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(5);
    tracker.saw(7);
    expect(tracker.check(7)).toBe(false);
    expect(tracker.check(7)).toBe(true);
  });

  it('is current again after the re-read', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(5);
    expect(tracker.check(8)).toBe(false);
    expect(tracker.check(8)).toBe(true);
    tracker.covered(8);
    tracker.saw(9);
    expect(tracker.check(9)).toBe(false);
    expect(tracker.check(9)).toBe(false);
  });

  it('asks for a re-read when the counter goes backwards (a restored database)', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(50);
    expect(tracker.check(3)).toBe(true);
    tracker.covered(3);
    tracker.saw(4);
    expect(tracker.current).toBe(4);
  });

  it('ignores versions it already covered', () => {
    const tracker = new ChangeVersionTracker();
    tracker.covered(9);
    tracker.saw(3);
    expect(tracker.current).toBe(9);
  });
});
