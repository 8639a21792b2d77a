/**
 * A ConverseStream answer whose token count the quota limiter can wait for: the stream's
 * metadata event carries the usage only at its end, so the limiter gets a promise of it.
 */
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

export interface MeteredStream {
	/** The same events, in the same order. */
	stream: AsyncIterable<ConverseStreamOutput>;
	/** The answer's total tokens once the stream has ended; undefined when it did not say. */
	tokens: Promise<number | undefined>;
}

/** Wraps `stream` so that reading it to its end (or stopping early) settles `tokens`. */
export function meteredStream(stream: AsyncIterable<ConverseStreamOutput>): MeteredStream {
	let settle!: (tokens: number | undefined) => void;
	const tokens = new Promise<number | undefined>((resolve) => (settle = resolve));
	let counted: number | undefined;
	async function* read(): AsyncGenerator<ConverseStreamOutput> {
		try {
			for await (const event of stream) {
				const total = event.metadata?.usage?.totalTokens;
				if (typeof total === 'number') counted = total;
				yield event;
			}
		} finally {
			settle(counted);
		}
	}
	return { stream: read(), tokens };
}
