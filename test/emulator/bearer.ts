/**
 * Amazon Bedrock API keys (`Authorization: Bearer <key>`), checked the way Bedrock does: only
 * Bedrock and Bedrock Runtime take them, never together with a SigV4 signature; a long-term key
 * must be one the account issued; a short-term key is a presigned CallWithBearerToken URL whose
 * signature, expiry and region are verified with @smithy/signature-v4 (never with our code).
 * Spec: Amazon Bedrock user guide, "API keys reference".
 */
import { timingSafeEqual } from 'node:crypto';

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import { ApiError } from './protocol';
import { parseAmzDate, type ReceivedRequest } from './request';
import { arnAccount, type CallerIdentity, type EmulatorState, type ServiceName } from './state';

/** Services whose actions accept API keys (bedrock:CallWithBearerToken). */
const BEARER_SERVICES: ReadonlySet<ServiceName> = new Set(['bedrock', 'bedrock-runtime']);

/** SigV4 parts that must not come with a bearer token. */
const SIGV4_HEADERS = ['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];
const SIGV4_QUERY = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'];

export const isBearerRequest = (req: ReceivedRequest): boolean =>
	/^Bearer /.test(req.headers.authorization ?? '');

const invalidKey = (reason: string) =>
	new ApiError(403, 'UnrecognizedClientException', 'Invalid API Key format or signature', reason);

const same = (a: string, b: string) =>
	a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The caller behind a bearer request, or the ApiError Bedrock would answer. `query` holds the
 * first value of each query parameter of the request.
 */
export async function verifyBearer(
	req: ReceivedRequest,
	query: Record<string, string>,
	state: EmulatorState,
	service: ServiceName,
): Promise<CallerIdentity> {
	if (!BEARER_SERVICES.has(service)) {
		// What any SigV4-only AWS endpoint says of an Authorization header it cannot parse (AWS
		// appends the header itself; the emulator leaves the key out).
		throw new ApiError(
			403,
			'IncompleteSignatureException',
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
			`bearer token sent to ${service}, which accepts SigV4 only`,
		);
	}
	const mixed = [
		...SIGV4_HEADERS.filter((h) => req.headers[h] !== undefined),
		...SIGV4_QUERY.filter((q) => query[q] !== undefined),
	];
	if (mixed.length > 0) {
		throw new ApiError(
			400,
			'ValidationException',
			'Only one auth mechanism allowed; send either an API key (Authorization: Bearer) or a SigV4 signature',
			`bearer token sent with ${mixed.join(', ')}`,
		);
	}
	const token = (req.headers.authorization ?? '').slice('Bearer '.length).trim();
	const caller = token.startsWith('bedrock-api-key-')
		? await shortTermCaller(token.slice('bedrock-api-key-'.length), state)
		: longTermCaller(token, state);
	return caller;
}

function longTermCaller(token: string, state: EmulatorState): CallerIdentity {
	if (!token.startsWith('ABSK')) {
		throw new ApiError(
			403,
			'UnrecognizedClientException',
			'Invalid API Key format: Must start with pre-defined prefix',
			'bearer token with neither ABSK nor bedrock-api-key- prefix',
		);
	}
	const known = state.config.apiKeys.find((k) => same(k.key, token));
	if (!known) throw invalidKey('unknown long-term API key');
	return {
		kind: 'user',
		accessKeyId: '',
		arn: known.userArn,
		userId: known.userArn.split('/').pop() ?? known.userArn,
		account: arnAccount(known.userArn),
	};
}

async function shortTermCaller(body: string, state: EmulatorState): Promise<CallerIdentity> {
	const url = Buffer.from(body, 'base64').toString('utf8');
	const match = /^([a-z0-9.-]+)\/\?(.*)&Version=1$/.exec(url);
	if (!match) throw invalidKey('short-term key is not a presigned URL ending in &Version=1');
	const [, host, rawQuery] = match;
	const params = Object.fromEntries(new URLSearchParams(rawQuery));
	if (params.Action !== 'CallWithBearerToken')
		throw invalidKey('presigned action is not CallWithBearerToken');
	const scope = (params['X-Amz-Credential'] ?? '').split('/');
	const signingDate = parseAmzDate(params['X-Amz-Date']);
	const expires = Number(params['X-Amz-Expires']);
	if (scope.length !== 5 || scope[3] !== 'bedrock' || !signingDate || !(expires > 0)) {
		throw invalidKey('short-term key lacks credential scope, date or expiry');
	}
	const [accessKeyId, , region] = scope;
	const expiresAt = signingDate.getTime() + expires * 1000;
	if (expires > 43200 || expiresAt <= state.now().getTime()) {
		throw new ApiError(
			403,
			'ExpiredTokenException',
			'Bearer token has expired',
			`short-term key expired at ${new Date(expiresAt).toISOString()}`,
		);
	}
	if (region !== state.config.apiKeyRegion) {
		throw invalidKey(
			`short-term key is for ${region}, the endpoint serves ${state.config.apiKeyRegion}`,
		);
	}
	const key = state.lookupKey(accessKeyId, params['X-Amz-Security-Token']);
	if (!key.ok) throw invalidKey(`short-term key signer: ${key.reason}`);
	const signer = new SignatureV4({
		service: 'bedrock',
		region,
		sha256: Sha256,
		credentials: {
			accessKeyId,
			secretAccessKey: key.secretAccessKey,
			sessionToken: params['X-Amz-Security-Token'],
		},
	});
	const presigned = await signer.presign(
		{
			method: 'POST',
			protocol: 'https:',
			hostname: host,
			path: '/',
			query: { Action: 'CallWithBearerToken' },
			headers: { host },
		},
		{ signingDate, expiresIn: expires },
	);
	if (!same(String(presigned.query?.['X-Amz-Signature']), params['X-Amz-Signature'] ?? '')) {
		throw invalidKey('short-term key signature does not match');
	}
	return key.identity;
}
