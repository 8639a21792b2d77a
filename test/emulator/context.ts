/**
 * What a service handler gets: the request, the emulator state, the recorded call and, for SigV4
 * services, the verified caller.
 */
import type { ReceivedRequest } from './request';
import type { CallerIdentity, EmulatorState, RecordedCall } from './state';
import type { Reply } from './protocol';
import type { StreamReply } from './streaming';

export interface HandlerContext {
	req: ReceivedRequest;
	state: EmulatorState;
	call: RecordedCall;
	requestId: string;
	/** Path parameters, already URL-decoded (for example `modelId`). */
	params: Record<string, string>;
	/** First value of each query parameter, decoded. */
	query: Record<string, string>;
	/** Parsed body: form fields (STS) or JSON (others); a string when it did not parse. */
	body: unknown;
	/** The verified signer (SigV4 services only). */
	caller?: CallerIdentity;
	/** Region of the credential scope (SigV4 services only). */
	region?: string;
}

/** A handler answers with a body ({@link Reply}) or an event stream ({@link StreamReply}). */
export type Handler = (ctx: HandlerContext) => Promise<Reply | StreamReply> | Reply | StreamReply;
