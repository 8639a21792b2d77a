/**
 * The events of a ConverseStream answer, as Bedrock Converse and the Chat Model both read them:
 * AWS exceptions inside the stream (as members of an event) are thrown, a connection cut in
 * the middle of an event becomes StreamCutOffError, and a stream that ends before its
 * messageStop or its metadata event is an incomplete answer, never a short one. I/O-free: the
 * stream comes from the SDK (or a test).
 */
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { guardCutOff, StreamCutOffError } from '../errors/streamCutOff';
import { CONVERSE_STREAM } from '../transport/origin';

/** Yields the stream's events; throws what the stream says went wrong, or that it was cut off. */
export async function* converseEvents(
	stream: AsyncIterable<ConverseStreamOutput>,
): AsyncGenerator<ConverseStreamOutput> {
	let stopped = false;
	let metadata = false;
	for await (const event of guardCutOff(stream, CONVERSE_STREAM)) {
		const exception =
			event.internalServerException ??
			event.modelStreamErrorException ??
			event.serviceUnavailableException ??
			event.throttlingException ??
			event.validationException;
		if (exception) throw exception;
		if (event.messageStop) stopped = true;
		if (event.metadata) metadata = true;
		yield event;
	}
	if (!stopped)
		throw new StreamCutOffError('the stream ended before its messageStop event', CONVERSE_STREAM);
	if (!metadata)
		throw new StreamCutOffError('the stream ended before its metadata event', CONVERSE_STREAM);
}
