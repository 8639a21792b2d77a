import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable, Transform } from 'node:stream';
import type { HttpResponse } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

import { RESPONSE_LIMITS, responseLimited } from './responseLimits';

/** The timeouts of a credential's connection, in milliseconds; undefined waits forever. */
export interface TransportTimeouts {
	connectionTimeoutMs?: number;
	/** How long the socket may stay silent. */
	readTimeoutMs?: number;
	/** How long one request may take in all, answer included (a trickling answer too). */
	requestTimeoutMs?: number;
}

/**
 * The HTTP/1.1 handler behind every AWS call of a credential: its connection and read timeouts,
 * keep-alive sockets, and the host's HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the target URL, as
 * n8n's own requests honour them.
 */
export function createRequestHandler(
	connection: TransportTimeouts,
	targetUrl: string,
): NodeHttpHandler {
	const proxy = getProxyForUrl(targetUrl);
	const agentOptions = { keepAlive: true, maxSockets: 50 };
	return new BoundedHttpHandler({
		connectionTimeout: connection.connectionTimeoutMs,
		// Read timeout = how long the socket may stay silent, streams included; requestTimeout
		// would bound the whole request (and only warn unless told to throw).
		socketTimeout: connection.readTimeoutMs,
		...(connection.requestTimeoutMs !== undefined
			? { requestTimeout: connection.requestTimeoutMs, throwOnRequestTimeout: true }
			: {}),
		httpAgent: proxy ? new HttpProxyAgent(proxy, agentOptions) : new HttpAgent(agentOptions),
		httpsAgent: proxy ? new HttpsProxyAgent(proxy, agentOptions) : new HttpsAgent(agentOptions),
	});
}

/** An answer larger than its operation's limit (RESPONSE_LIMITS): refused, connection closed. */
export class ResponseTooLargeError extends Error {
	readonly code = 'ResponseTooLarge';

	constructor(limit: number, declared?: number) {
		super(
			declared === undefined
				? `The answer went past ${limit / 1024 / 1024} MB and was not read further`
				: `The answer announced ${Math.ceil(declared / 1024 / 1024)} MB, more than the ${limit / 1024 / 1024} MB accepted`,
		);
		this.name = 'ResponseTooLargeError';
	}
}

/**
 * A NodeHttpHandler whose answer bodies stop with ResponseTooLargeError past the limit of the
 * request's operation. An AWS answer is bounded (by its tokens, images, results); a body past
 * the limit is a proxy's, or an endless one, and would otherwise be held in n8n's memory.
 */
class BoundedHttpHandler extends NodeHttpHandler {
	override async handle(
		request: Parameters<NodeHttpHandler['handle']>[0],
		options?: Parameters<NodeHttpHandler['handle']>[1],
	): Promise<{ response: HttpResponse }> {
		const { response } = await super.handle(request, options);
		response.body = bounded(response, RESPONSE_LIMITS[responseLimited(request.path)]);
		return { response };
	}
}

function bounded(response: HttpResponse, limit: number): unknown {
	const body: unknown = response.body;
	if (!(body instanceof Readable)) return body;
	const length = Object.entries(response.headers).find(
		([name]) => name.toLowerCase() === 'content-length',
	)?.[1];
	const declared = Number(length);
	if (length !== undefined && Number.isFinite(declared) && declared > limit) {
		body.destroy();
		throw new ResponseTooLargeError(limit, declared);
	}
	let seen = 0;
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			seen += chunk.length;
			if (seen <= limit) return callback(null, chunk);
			body.destroy();
			callback(new ResponseTooLargeError(limit));
		},
	});
	body.once('error', (error) => counter.destroy(error));
	return body.pipe(counter);
}
