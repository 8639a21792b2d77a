import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Where a node sends partial answers of one item while they arrive: n8n's streaming response
 * (a webhook or chat trigger in streaming mode). The aggregated item is returned as well.
 */
export interface ChunkSink {
	/** Sends one piece of text; the first call opens the item's stream. */
	send(text: string): void;
	/** Closes the item's stream (opens it first if nothing was sent). */
	end(): void;
	/** Tells the client the item failed (the message only, never details) and closes the stream. */
	fail(message: string): void;
	/** Whether any text reached the client: such a request must not be retried blindly. */
	readonly delivered: boolean;
}

/** A sink when n8n streams this execution and the node option allows it, else undefined. */
export function openChunkSink(
	ctx: Pick<IExecuteFunctions, 'isStreaming' | 'sendChunk'>,
	itemIndex: number,
	enabled = true,
): ChunkSink | undefined {
	if (!enabled || typeof ctx.isStreaming !== 'function' || !ctx.isStreaming()) return undefined;
	let begun = false;
	let ended = false;
	const begin = () => {
		if (!begun) ctx.sendChunk('begin', itemIndex);
		begun = true;
	};
	return {
		send(text) {
			if (!text || ended) return;
			begin();
			ctx.sendChunk('item', itemIndex, text);
		},
		end() {
			if (ended) return;
			begin();
			ctx.sendChunk('end', itemIndex);
			ended = true;
		},
		fail(message) {
			if (ended) return;
			begin();
			ctx.sendChunk('error', itemIndex, message);
			ended = true;
		},
		get delivered() {
			return begun;
		},
	};
}
