import { monitorEventLoopDelay } from "node:perf_hooks";

/** What {@link watchEventLoop} saw while it ran. */
export interface EventLoopReport {
  /** The longest time, in ms, between two ticks of the watcher's timer. */
  readonly maxGapMs: number;
  /** How many times the timer fired. */
  readonly ticks: number;
  /** The 99th percentile of the loop's delay in ms (perf_hooks histogram). */
  readonly p99DelayMs: number;
}

/**
 * Watches this process's event loop with a timer every `intervalMs`: the longest gap between two ticks is
 * how long nothing else could run (timers, sockets, the chain's blocks). A livelock of promise callbacks
 * shows up here as one huge gap, however busy the process looks.
 *
 * @example
 * ```ts
 * const watch = watchEventLoop();
 * await work();
 * expect(watch.stop().maxGapMs).toBeLessThan(2_000);
 * ```
 */
export function watchEventLoop(intervalMs = 50): { stop(): EventLoopReport } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let last = performance.now();
  let maxGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      // The time since the last tick counts too: a loop frozen until the end never ticked again.
      maxGapMs = Math.max(maxGapMs, performance.now() - last);
      return { maxGapMs, ticks, p99DelayMs: histogram.percentile(99) / 1e6 };
    },
  };
}
