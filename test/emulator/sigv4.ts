/**
 * SigV4 verification for STS and Bedrock, done the way AWS does it: parse the Authorization
 * header, find the secret behind the access key, then recompute the signature over the request
 * as received and compare.
 *
 * The recomputation uses `@smithy/signature-v4`, which shares no code with this package's own
 * signing (that is the point: a mistake in our code cannot hide behind the same mistake here).
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

import type { AuthProblem } from './protocol';
import { clockSkewMessage, parseAmzDate, parseQuery, type ReceivedRequest } from './request';
import type { CallerIdentity, EmulatorState } from './state';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
	accessKeyId: string;
	scopeDate: string;
	region: string;
	service: string;
	terminator: string;
	signedHeaders: string[];
	signature: string;
}

export type SigV4Result =
	| { ok: true; identity: CallerIdentity; region: string }
	| { ok: false; problem: AuthProblem; message?: string; reason: string; accessKeyId?: string };

/** Parses a SigV4 Authorization header; a string explains what is wrong with it. */
export function parseSigV4Authorization(header: string): SigV4Authorization | string {
	const space = header.indexOf(' ');
	const algorithm = space < 0 ? header : header.slice(0, space);
	if (algorithm !== ALGORITHM) return `Unsupported AWS 'algorithm': '${algorithm}'`;
	const params: Record<string, string> = {};
	for (const part of header.slice(space + 1).split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
	}
	for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
		if (!params[name]) {
			return `Authorization header requires '${name}' parameter. Authorization=${header}`;
		}
	}
	const scope = params.Credential.split('/');
	if (scope.length !== 5) {
		return `Credential should be scoped to a valid region, service and date. Credential=${params.Credential}`;
	}
	const [accessKeyId, scopeDate, region, service, terminator] = scope;
	return {
		accessKeyId,
		scopeDate,
		region,
		service,
		terminator,
		signedHeaders: params.SignedHeaders.split(';'),
		signature: params.Signature,
	};
}

const sameHex = (a: string, b: string): boolean =>
	a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies a SigV4-signed request against the users and sessions of `state`.
 *
 * @param expectedService - the signing name the credential scope must carry (`sts`, `bedrock`)
 */
export async function verifySigV4(
	req: ReceivedRequest,
	state: EmulatorState,
	expectedService: string,
): Promise<SigV4Result> {
	const header = req.headers.authorization;
	if (!header) return { ok: false, problem: 'missing', reason: 'no Authorization header' };
	const auth = parseSigV4Authorization(header);
	if (typeof auth === 'string') {
		return { ok: false, problem: 'malformed', message: auth, reason: 'malformed Authorization' };
	}
	const fail = (problem: AuthProblem, reason: string, message?: string): SigV4Result => ({
		ok: false,
		problem,
		reason,
		message,
		accessKeyId: auth.accessKeyId,
	});

	const amzDate = req.headers['x-amz-date'];
	const signingDate = parseAmzDate(amzDate);
	if (!signingDate) {
		return fail(
			'malformed',
			'missing or malformed X-Amz-Date',
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
		);
	}
	const skew = clockSkewMessage(signingDate, state.now(), state.config.maxClockSkewSeconds);
	if (skew) return fail('skew', 'X-Amz-Date too far from the server clock', skew);

	if (auth.service !== expectedService) {
		return fail(
			'scope',
			`credential scope service is '${auth.service}'`,
			`Credential should be scoped to correct service: '${expectedService}'. `,
		);
	}
	if (auth.scopeDate !== amzDate!.slice(0, 8) || auth.terminator !== 'aws4_request') {
		return fail(
			'mismatch',
			'credential scope date or terminator does not match',
			`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate!.slice(0, 8)}', from '${amzDate}'.`,
		);
	}
	const token = req.headers['x-amz-security-token'];
	const key = state.lookupKey(auth.accessKeyId, token);
	if (!key.ok) return fail(key.problem, key.reason);

	const signs = (name: string) => auth.signedHeaders.includes(name);
	if (!signs('host') && !signs(':authority'))
		return fail('mismatch', "'host' is not a signed header");
	if (!signs('x-amz-date')) return fail('mismatch', "'x-amz-date' is not a signed header");

	const actualBodyHash = createHash('sha256').update(req.body).digest('hex');
	const declaredBodyHash = req.headers['x-amz-content-sha256'];
	if (
		declaredBodyHash !== undefined &&
		declaredBodyHash !== 'UNSIGNED-PAYLOAD' &&
		!declaredBodyHash.startsWith('STREAMING-') &&
		declaredBodyHash !== actualBodyHash
	) {
		return fail('mismatch', 'x-amz-content-sha256 does not match the body');
	}

	const tokenSigned = auth.signedHeaders.includes('x-amz-security-token');
	const headers: Record<string, string> = {};
	for (const name of auth.signedHeaders) {
		if (name === 'x-amz-date' || name === 'x-amz-security-token') continue; // the signer adds them
		const value = req.headers[name];
		if (value === undefined) return fail('mismatch', `signed header '${name}' is missing`);
		headers[name] = value;
	}
	const signer = new SignatureV4({
		service: auth.service,
		region: auth.region,
		sha256: Sha256,
		applyChecksum: false,
		uriEscapePath: true,
		credentials: {
			accessKeyId: auth.accessKeyId,
			secretAccessKey: key.secretAccessKey,
			sessionToken: tokenSigned ? token : undefined,
		},
	});
	const hostHeader = req.headers.host ?? req.headers[':authority'] ?? '';
	const toSign: HttpRequest = {
		method: req.method,
		protocol: 'http:',
		hostname: hostHeader.replace(/:\d+$/, ''),
		path: req.rawPath,
		query: parseQuery(req.rawQuery),
		headers,
		body: req.body.length > 0 ? req.body : undefined,
	};
	const signed = await signer.sign(toSign, {
		signingDate,
		signingRegion: auth.region,
		signingService: auth.service,
		signableHeaders: new Set(auth.signedHeaders),
	});
	const expected = parseSigV4Authorization(String(signed.headers.authorization));
	if (typeof expected === 'string') return fail('mismatch', 'could not recompute the signature');
	if (expected.signedHeaders.join(';') !== auth.signedHeaders.join(';')) {
		return fail(
			'mismatch',
			`signed header lists differ: sent ${auth.signedHeaders.join(';')}, recomputed ${expected.signedHeaders.join(';')}`,
		);
	}
	if (!sameHex(expected.signature, auth.signature)) {
		return fail('mismatch', 'signature does not match');
	}
	return { ok: true, identity: key.identity, region: auth.region };
}
