/**
 * Turns the event stream of one RetrieveAndGenerateStream call into one answer: the text of the
 * `output` events, the citations of the `citation` events, the guardrail's action. Pure: events
 * in, result out; the operation does the I/O around it.
 *
 * Reference: Agents for Amazon Bedrock Runtime API, RetrieveAndGenerateStream and
 * RetrieveAndGenerateStreamResponseOutput.
 */
import type {
	Citation,
	RetrieveAndGenerateStreamResponseOutput,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { guardCutOff, StreamCutOffError } from '../shared/errors/streamCutOff';
import type { ErrorOrigin } from '../shared/transport/origin';

/** The call a cut-off stream names. */
export const RETRIEVE_AND_GENERATE_STREAM: ErrorOrigin = {
	service: 'bedrock-agent-runtime',
	operation: 'RetrieveAndGenerateStream',
};

export interface GeneratedAnswer {
	output: string;
	citations: Citation[];
	guardrailAction?: string;
}

/** Exceptions of the stream that are the caller's to fix; the others are the service's. */
const CLIENT_FAULTS = new Set([
	'AccessDeniedException',
	'ConflictException',
	'DependencyFailedException',
	'ResourceNotFoundException',
	'ServiceQuotaExceededException',
	'ThrottlingException',
	'ValidationException',
]);

/** Throws an `…Exception` member of the stream as the SDK would: named by its code, `$fault` set. */
function throwIfException(event: object): void {
	for (const [key, value] of Object.entries(event as Record<string, unknown>)) {
		if (!key.endsWith('Exception') || value === undefined || value === null) continue;
		if (value instanceof Error) throw value;
		const message = (value as { message?: unknown }).message;
		const code = key.charAt(0).toUpperCase() + key.slice(1);
		const error = new Error(typeof message === 'string' && message ? message : code);
		error.name = code;
		throw Object.assign(error, { $fault: CLIENT_FAULTS.has(code) ? 'client' : 'server' });
	}
}

/**
 * Reads the whole stream. `onText` gets each piece of the answer as it arrives. A connection cut
 * mid-event, or a stream that ends without any output, throws {@link StreamCutOffError}.
 */
export async function readRetrieveAndGenerateStream(
	events: AsyncIterable<RetrieveAndGenerateStreamResponseOutput> | undefined,
	onText?: (text: string) => void,
): Promise<GeneratedAnswer> {
	if (!events)
		throw new StreamCutOffError('the response had no event stream', RETRIEVE_AND_GENERATE_STREAM);
	const text: string[] = [];
	const citations: Citation[] = [];
	let guardrailAction: string | undefined;
	let answered = false;
	for await (const event of guardCutOff(events, RETRIEVE_AND_GENERATE_STREAM)) {
		throwIfException(event);
		if (event.output) {
			answered = true;
			const piece = event.output.text ?? '';
			if (piece) {
				text.push(piece);
				onText?.(piece);
			}
		} else if (event.citation) {
			const { generatedResponsePart, retrievedReferences, citation } = event.citation;
			citations.push(
				generatedResponsePart || retrievedReferences
					? { generatedResponsePart, retrievedReferences }
					: (citation ?? {}),
			);
		} else if (event.guardrail) {
			guardrailAction = event.guardrail.action;
		}
	}
	if (!answered)
		throw new StreamCutOffError('the stream ended before the answer', RETRIEVE_AND_GENERATE_STREAM);
	return { output: text.join(''), citations, ...(guardrailAction ? { guardrailAction } : {}) };
}
