/**
 * Most items in flight in one execution of a node, whatever Max Concurrent Requests says (an
 * expression can say anything; the item loop holds it to this). With each answer bounded
 * (transport/responseLimits.ts) it bounds what one execution can hold in memory: 20 x 8 MB of
 * Converse answers. Its own file, so node descriptions can name it without loading the loop.
 */
export const MAX_CONCURRENCY = 20;
