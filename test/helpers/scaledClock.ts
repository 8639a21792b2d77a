import type { LimiterClock } from '../../nodes/shared/throttle/limiter';

/**
 * A quota clock that runs `scale` times faster than real time, to pair with the emulator's
 * `timeScale`: budgets and backoffs are in quota time, so a test runs a quota minute in
 * 60 / scale real seconds with the limiter behaving as it would at full length.
 */
export function scaledClock(scale: number): LimiterClock {
	return {
		now: () => performance.now() * scale,
		sleep: (ms, signal) =>
			new Promise((resolve) => {
				if (signal?.aborted) return resolve();
				const timer = setTimeout(done, Math.max(0, ms / scale));
				function done() {
					clearTimeout(timer);
					signal?.removeEventListener('abort', done);
					resolve();
				}
				signal?.addEventListener('abort', done, { once: true });
			}),
	};
}
