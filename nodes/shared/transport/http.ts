import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { finished, Readable, Transform } from 'node:stream';
import type { HttpResponse } from '@smithy/types';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

import { guardedLookup, hostRefusal, ssrfSettings, type EgressPolicy } from './egress';

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
 * keep-alive sockets, the host's HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the target URL, as
 * n8n's own requests honour them, and the egress rules of `egress.ts` (checked on the resolved
 * address, before the socket connects).
 *
 * @param endpointName - how a refusal names the endpoint: the credential field of an override
 */
export function createRequestHandler(
	connection: TransportTimeouts,
	targetUrl: string,
	endpointName = 'The AWS endpoint',
): RetirableHttpHandler {
	const proxy = getProxyForUrl(targetUrl);
	const ssrf = ssrfSettings();
	const policy = (plainHttp: boolean): EgressPolicy => ({ endpointName, plainHttp, ssrf });
	const agentOptions = { keepAlive: true, maxSockets: 50 };
	return new BoundedHttpHandler(
		{
			connectionTimeout: connection.connectionTimeoutMs,
			// Read timeout = how long the socket may stay silent, streams included; requestTimeout
			// would bound the whole request (and only warn unless told to throw).
			socketTimeout: connection.readTimeoutMs,
			...(connection.requestTimeoutMs !== undefined
				? { requestTimeout: connection.requestTimeoutMs, throwOnRequestTimeout: true }
				: {}),
			// Through a proxy, the proxy resolves the target's name: only the checks of `handle` apply.
			httpAgent: proxy
				? new HttpProxyAgent(proxy, agentOptions)
				: new HttpAgent({ ...agentOptions, lookup: guardedLookup(policy(true)) }),
			httpsAgent: proxy
				? new HttpsProxyAgent(proxy, agentOptions)
				: new HttpsAgent({ ...agentOptions, lookup: guardedLookup(policy(false)) }),
		},
		policy,
	);
}

/**
 * Most bytes read from one AWS answer, event streams included. A Bedrock answer is bounded by
 * its token limit (a few MB of text, tens of MB for generated images); a body past this is not
 * an AWS answer (a proxy's, or an endless one) and would otherwise be read until n8n runs out
 * of memory.
 */
export const MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

/** An answer larger than {@link MAX_RESPONSE_BYTES}: refused, and the connection closed. */
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

/** A request handler that a cache can let go of without cutting the requests it carries. */
export interface RetirableHttpHandler extends NodeHttpHandler {
	/**
	 * Closes the handler's sockets once no request is in flight: at once when idle, else when
	 * the last answer has been read to its end (or failed). A request started later still works
	 * and closes its socket when it ends.
	 */
	retire(): void;
	/** Requests whose answer has not been read to its end yet. */
	readonly inFlight: number;
}

/**
 * A NodeHttpHandler whose answer bodies stop with ResponseTooLargeError past a size, and which
 * counts its requests until their answers end, so retiring it never cuts one.
 */
class BoundedHttpHandler extends NodeHttpHandler implements RetirableHttpHandler {
	private active = 0;
	private retired = false;

	constructor(
		options: NodeHttpHandlerOptions,
		private readonly policy: (plainHttp: boolean) => EgressPolicy,
		private readonly maxResponseBytes = MAX_RESPONSE_BYTES,
	) {
		super(options);
	}

	get inFlight(): number {
		return this.active;
	}

	retire(): void {
		this.retired = true;
		if (this.active === 0) this.destroy();
	}

	override async handle(
		request: Parameters<NodeHttpHandler['handle']>[0],
		options?: Parameters<NodeHttpHandler['handle']>[1],
	): Promise<{ response: HttpResponse }> {
		// A literal address never reaches the agents' lookup: check it (and blocked names) here.
		const refusal = hostRefusal(request.hostname, this.policy(request.protocol === 'http:'));
		if (refusal) throw refusal;
		this.active++;
		let ended = false;
		const end = () => {
			if (ended) return;
			ended = true;
			this.active--;
			if (this.retired && this.active === 0) this.destroy();
		};
		try {
			const { response } = await super.handle(request, options);
			response.body = bounded(response, this.maxResponseBytes, end);
			return { response };
		} catch (error) {
			end();
			throw error;
		}
	}
}

/** The answer body, counted against `limit`; `end` is called once the body is done with. */
function bounded(response: HttpResponse, limit: number, end: () => void): unknown {
	const body: unknown = response.body;
	if (!(body instanceof Readable)) {
		end();
		return body;
	}
	finished(body, end);
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
	// A reader that stops early (an abandoned stream) leaves nobody to read the rest.
	counter.once('close', () => {
		if (!body.readableEnded) body.destroy();
	});
	return body.pipe(counter);
}
