import { setMaxListeners } from 'node:events';

/**
 * Most items in flight in one execution of a node, whatever Max Concurrent Requests says (an
 * expression can say anything; the item loop holds it to this). With each answer bounded
 * (transport/responseLimits.ts) it bounds what one execution can hold in memory: 20 x 8 MB of
 * Converse answers. Its own file, so node descriptions can name it without loading the loop.
 */
export const MAX_CONCURRENCY = 20;

/**
 * Listeners one item in flight may hold at once on its execution's signal: its SDK request's,
 * its wait for the quota's or for the credential's fetch, with room to spare.
 */
const LISTENERS_PER_ITEM = 4;

/**
 * A signal that aborts with `sources`, on which every item in flight may listen at once. Node
 * prints "MaxListenersExceededWarning: Possible EventTarget memory leak" into n8n's log past 10
 * listeners on one signal, and 20 items in flight hold more; n8n's own signal holds none of them.
 */
export function sharedSignal(...sources: Array<AbortSignal | undefined>): AbortSignal | undefined {
	const given = sources.filter((source): source is AbortSignal => source !== undefined);
	if (!given.length) return undefined;
	const signal = AbortSignal.any(given);
	setMaxListeners(MAX_CONCURRENCY * LISTENERS_PER_ITEM, signal);
	return signal;
}
