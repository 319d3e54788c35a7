import { readonly, ref } from 'vue';

/** Whether this document is hidden (another tab, a minimised window); false where there is no document. */
const documentHidden = (): boolean => globalThis.document?.visibilityState === 'hidden';

/**
 * The one polling loop of the dashboard: loads now and then every `intervalMs` while started; the next load
 * waits for the previous one, so loads never pile up. It pauses while the tab is hidden and loads at once when
 * the tab is shown again. `load` gets `isLatest()`: false once a newer load has begun, so a slow answer to an
 * older request never overwrites a newer one.
 */
export function usePolling(load: (isLatest: () => boolean) => Promise<void>, intervalMs: number) {
  const running = ref(false);
  /** True while started but held back because the tab is hidden. */
  const paused = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let every = intervalMs;

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  /** Loads now (also when stopped), as the newest load. */
  async function refresh(): Promise<void> {
    const mine = ++generation;
    try {
      await load(() => mine === generation);
    } catch {
      // `load` reports its own failures; the loop goes on regardless.
    }
  }

  /** Loads now, then goes on every interval unless something already asked for an earlier load. */
  function loadAndContinue(): void {
    void refresh().finally(() => {
      if (timer === null) schedule(every);
    });
  }

  function schedule(delayMs: number): void {
    clearTimer();
    if (!running.value) return;
    if (documentHidden()) {
      paused.value = true;
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      loadAndContinue();
    }, delayMs);
  }

  function onVisibilityChange(): void {
    if (!running.value) return;
    if (documentHidden()) {
      clearTimer();
      paused.value = true;
    } else if (paused.value) {
      paused.value = false;
      loadAndContinue();
    }
  }

  /** Starts the loop; `interval` overrides the one given at creation. */
  function start(interval = intervalMs): void {
    if (running.value) return;
    every = interval;
    running.value = true;
    paused.value = false;
    globalThis.document?.addEventListener('visibilitychange', onVisibilityChange);
    if (documentHidden()) paused.value = true;
    else loadAndContinue();
  }

  function stop(): void {
    running.value = false;
    paused.value = false;
    clearTimer();
    globalThis.document?.removeEventListener('visibilitychange', onVisibilityChange);
  }

  /** Brings the next load forward (after a write whose effect shows shortly); the loop carries on from there. */
  function refreshSoon(delayMs: number): void {
    if (running.value) schedule(delayMs);
  }

  return { running: readonly(running), paused: readonly(paused), start, stop, refresh, refreshSoon };
}

export type Polling = ReturnType<typeof usePolling>;
