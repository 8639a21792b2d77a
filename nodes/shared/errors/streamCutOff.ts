import type { ErrorOrigin } from '../transport/origin';

/** A response stream that ended before its final event: the answer is incomplete, not short. */
export class StreamCutOffError extends Error {
	readonly code = 'ResponseCutOff';

	readonly description =
		'The connection to AWS closed while the answer was still coming. Run the item again; if it keeps happening, raise Read Timeout in the credential and check proxies and firewalls between n8n and AWS.';

	/** The streaming call that was cut off. */
	readonly service?: ErrorOrigin['service'];
	readonly operation?: string;

	constructor(detail: string, origin?: ErrorOrigin) {
		super(`The response was cut off (${detail}): the answer is incomplete`);
		this.name = 'StreamCutOffError';
		this.service = origin?.service;
		this.operation = origin?.operation;
	}
}

/**
 * Whether an error thrown while reading an event stream means the connection closed in the
 * middle of an event (the SDK's and Node's words for it), rather than an AWS exception.
 */
export function isStreamCutOff(error: unknown): boolean {
	if (!(error instanceof Error) || '$fault' in error) return false;
	if (/Truncated event message|premature close/i.test(error.message)) return true;
	return error.message === 'aborted' && (error as { code?: unknown }).code === 'ECONNRESET';
}

/** Passes a stream's events on, turning a connection cut mid-event into StreamCutOffError. */
export async function* guardCutOff<T>(
	stream: AsyncIterable<T>,
	origin?: ErrorOrigin,
): AsyncIterable<T> {
	try {
		yield* stream;
	} catch (error) {
		throw isStreamCutOff(error)
			? new StreamCutOffError('the connection closed in the middle of an event', origin)
			: error;
	}
}
