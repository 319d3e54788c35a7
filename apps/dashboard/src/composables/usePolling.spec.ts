import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePolling } from './usePolling';

let hidden = false;

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('usePolling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    hidden = false;
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (hidden ? 'hidden' : 'visible'));
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('loads at once, then every interval, never two loads at a time, until stopped', async () => {
    let inFlight = 0;
    let most = 0;
    const load = vi.fn(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      inFlight--;
    });
    const polling = usePolling(load, 1000);

    polling.start();
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1500 + 1000 + 1500 + 1000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(most).toBe(1);

    polling.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('pauses while the tab is hidden and loads at once when it is shown again', async () => {
    const load = vi.fn(() => Promise.resolve());
    const polling = usePolling(load, 1000);
    polling.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);

    setHidden(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(load).toHaveBeenCalledTimes(1);
    expect(polling.paused.value).toBe(true);

    setHidden(false);
    expect(load).toHaveBeenCalledTimes(2);
    expect(polling.paused.value).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(3);
    polling.stop();
  });

  it('does not start loading in a tab that is hidden from the start', async () => {
    hidden = true;
    const load = vi.fn(() => Promise.resolve());
    const polling = usePolling(load, 1000);
    polling.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).not.toHaveBeenCalled();
    setHidden(false);
    expect(load).toHaveBeenCalledTimes(1);
    polling.stop();
  });

  it('tells a load when a newer one has begun, so an old answer is dropped', async () => {
    const answers: string[] = [];
    let call = 0;
    const polling = usePolling(async (isLatest) => {
      const mine = ++call;
      await new Promise((resolve) => setTimeout(resolve, mine === 1 ? 500 : 100));
      if (isLatest()) answers.push(`answer ${mine}`);
    }, 10_000);
    void polling.refresh();
    void polling.refresh();
    await vi.advanceTimersByTimeAsync(600);
    expect(answers).toEqual(['answer 2']);
  });

  it('brings the next load forward on request and carries on at the interval', async () => {
    const load = vi.fn(() => Promise.resolve());
    const polling = usePolling(load, 5000);
    polling.start();
    await vi.advanceTimersByTimeAsync(0);
    polling.refreshSoon(300);
    await vi.advanceTimersByTimeAsync(300);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4999);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(3);
    polling.stop();
  });

  it('keeps going after a load that throws', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined);
    const polling = usePolling(load, 1000);
    polling.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(2);
    polling.stop();
  });
});
