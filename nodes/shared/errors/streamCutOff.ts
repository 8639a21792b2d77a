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
