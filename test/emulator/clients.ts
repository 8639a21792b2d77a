/**
 * AWS SDK v3 clients pointed at an emulator, for the emulator's own tests.
 */
import { createHash } from 'node:crypto';

import { Agent as HttpAgent } from 'node:http';

import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, HttpRequest } from '@smithy/types';

import { DEFAULT_USER, type Emulator } from './index';

export interface ClientOptions {
	credentials?: AwsCredentialIdentity;
	region?: string;
	/** Absent: 1 (no retries), so a failure shows at once. */
	maxAttempts?: number;
	/** Delay between attempts, in milliseconds. Absent: 10 (the SDK's own backoff is slower). */
	retryDelayMs?: number;
	/** The request handler's read timeout, in milliseconds. Absent: none. */
	requestTimeoutMs?: number;
	/**
	 * HTTP/1.1 clients only: the socket inactivity timeout, in milliseconds, which (unlike the
	 * request timeout) also applies while an event stream is being read. Absent: none.
	 */
	socketTimeoutMs?: number;
}

const common = (emulator: Emulator, o: ClientOptions) => ({
	endpoint: emulator.url,
	region: o.region ?? 'us-east-1',
	credentials: o.credentials ?? {
		accessKeyId: DEFAULT_USER.accessKeyId,
		secretAccessKey: DEFAULT_USER.secretAccessKey,
	},
	retryStrategy: new ConfiguredRetryStrategy(o.maxAttempts ?? 1, o.retryDelayMs ?? 10),
	...(o.requestTimeoutMs !== undefined
		? { requestHandler: { requestTimeout: o.requestTimeoutMs, throwOnRequestTimeout: true } }
		: {}),
});

export const stsClient = (emulator: Emulator, o: ClientOptions = {}) =>
	new STSClient(common(emulator, o));
export const bedrockClient = (emulator: Emulator, o: ClientOptions = {}) =>
	new BedrockClient(common(emulator, o));
export const runtimeClient = (emulator: Emulator, o: ClientOptions = {}) =>
	new BedrockRuntimeClient(common(emulator, o));

/** An HTTP/1.1 request handler (`NodeHttpHandler`, keep-alive), as the package's nodes use. */
const http1Handler = (o: ClientOptions) =>
	new NodeHttpHandler({
		requestTimeout: o.requestTimeoutMs,
		socketTimeout: o.socketTimeoutMs,
		throwOnRequestTimeout: true,
		httpAgent: new HttpAgent({ keepAlive: true }),
	});

/** Bedrock Runtime over HTTP/1.1 (`NodeHttpHandler`) rather than the SDK's default HTTP/2. */
export const runtimeClientHttp1 = (emulator: Emulator, o: ClientOptions = {}) =>
	new BedrockRuntimeClient({ ...common(emulator, o), requestHandler: http1Handler(o) });
/** Agents for Amazon Bedrock (control plane) over HTTP/1.1. */
export const agentClient = (emulator: Emulator, o: ClientOptions = {}) =>
	new BedrockAgentClient({ ...common(emulator, o), requestHandler: http1Handler(o) });
/** Agents for Amazon Bedrock Runtime over HTTP/1.1. */
export const agentRuntimeClient = (emulator: Emulator, o: ClientOptions = {}) =>
	new BedrockAgentRuntimeClient({ ...common(emulator, o), requestHandler: http1Handler(o) });

/**
 * Changes the request body after it was signed (same length, so Content-Length still fits): the
 * `deserialize` step runs after signing, just before the request is sent. A signed
 * `x-amz-content-sha256` is updated to the new body, so the signature itself must catch it.
 */
export function tamperAfterSigning(
	client: STSClient | BedrockRuntimeClient,
	from: string,
	to: string,
): void {
	(client as STSClient).middlewareStack.add(
		(next) => async (args) => {
			const request = args.request as HttpRequest;
			const body = request.body as unknown;
			const text =
				typeof body === 'string'
					? body
					: body instanceof Uint8Array
						? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
						: undefined;
			if (text === undefined || !text.includes(from)) {
				throw new Error(`tamperAfterSigning: '${from}' is not in the request body`);
			}
			request.body = text.replace(from, to);
			// Keep the declared body hash honest so only the signature can catch the change.
			if (request.headers['x-amz-content-sha256']) {
				request.headers['x-amz-content-sha256'] = createHash('sha256')
					.update(request.body as string)
					.digest('hex');
			}
			return next(args);
		},
		{ step: 'deserialize', name: 'tamperAfterSigning', priority: 'high' },
	);
}

/** What the SDK throws for a failed call. */
export interface SdkError extends Error {
	$metadata: { httpStatusCode?: number; requestId?: string };
	$response?: { statusCode?: number };
}

/** Awaits a promise that must reject; returns the error. */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
	try {
		await promise;
	} catch (err) {
		return err as SdkError;
	}
	throw new Error('expected the call to fail, it succeeded');
}
