/**
 * Runs tasks one after the other per key, in the order they were queued, while tasks of other
 * keys (or without a key) run at once: the turns of one conversation must not overlap.
 */
export class KeyedQueue {
	private readonly tails = new Map<string, Promise<unknown>>();

	/** Runs `task` after every task queued before it under `key`; at once when `key` is empty. */
	async run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
		if (!key) return await task();
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.then(task, task);
		const tail = result.catch(() => undefined);
		this.tails.set(key, tail);
		try {
			return await result;
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}
