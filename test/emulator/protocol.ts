/**
 * Wire formats: how answers and errors look for the AWS query protocol (STS, XML) and the
 * REST-JSON protocol (Roles Anywhere, Bedrock, Bedrock Runtime).
 */

/** `query`: STS form requests and XML answers; `json`: REST-JSON services. */
export type Protocol = 'query' | 'json';

/** An answer ready to be written. */
export interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** An AWS error: thrown by handlers, rendered in the caller's protocol by the router. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** Detail for the call log only; never sent. */
		readonly reason?: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Escapes text for an XML element. */
export const xmlEscape = (text: string): string =>
	text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');

/** Renders `{ A: 'x', B: { C: 'y' } }` as nested XML elements, in key order. */
export const toXml = (value: Record<string, unknown>, indent = '    '): string =>
	Object.entries(value)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) =>
			v !== null && typeof v === 'object'
				? `${indent}<${k}>\n${toXml(v as Record<string, unknown>, indent + '  ')}\n${indent}</${k}>`
				: `${indent}<${k}>${xmlEscape(String(v))}</${k}>`,
		)
		.join('\n');

/** A successful STS answer: `<{Action}Response><{Action}Result>…</…><ResponseMetadata>…`. */
export function stsResult(
	action: string,
	result: Record<string, unknown>,
	requestId: string,
): Reply {
	const body =
		`<${action}Response xmlns="${STS_NAMESPACE}">\n` +
		`  <${action}Result>\n${toXml(result)}\n  </${action}Result>\n` +
		`  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
		`</${action}Response>\n`;
	return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

/** An STS error document. */
export function stsError(error: ApiError, requestId: string): Reply {
	const type = error.status >= 500 ? 'Receiver' : 'Sender';
	const body =
		`<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
		`  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(error.code)}</Code>\n` +
		`    <Message>${xmlEscape(error.message)}</Message>\n  </Error>\n` +
		`  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
	return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
}

/** A successful REST-JSON answer. */
export function jsonResult(value: unknown, status = 200): Reply {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** A REST-JSON error: code in `x-amzn-ErrorType`, `{"message": …}` in the body. */
export function jsonError(error: ApiError): Reply {
	return {
		status: error.status,
		headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': error.code },
		body: JSON.stringify({ message: error.message }),
	};
}

/** Renders an error in the given protocol. */
export const renderError = (protocol: Protocol, error: ApiError, requestId: string): Reply =>
	protocol === 'query' ? stsError(error, requestId) : jsonError(error);

/** Why a SigV4 check failed, independent of the protocol. */
export type AuthProblem =
	| 'missing'
	| 'malformed'
	| 'skew'
	| 'unknown-key'
	| 'bad-token'
	| 'expired'
	| 'mismatch'
	| 'scope';

const SIGNATURE_MISMATCH =
	'The request signature we calculated does not match the signature you provided. ' +
	'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';

/** The error AWS answers for a failed authentication, in the words of each protocol. */
export function authError(
	protocol: Protocol,
	problem: AuthProblem,
	message: string | undefined,
	reason: string,
): ApiError {
	const sts = protocol === 'query';
	switch (problem) {
		case 'missing':
			return sts
				? new ApiError(
						403,
						'MissingAuthenticationToken',
						'Request is missing Authentication Token',
						reason,
					)
				: new ApiError(
						403,
						'MissingAuthenticationTokenException',
						'Missing Authentication Token',
						reason,
					);
		case 'malformed':
			return new ApiError(
				sts ? 400 : 403,
				sts ? 'IncompleteSignature' : 'IncompleteSignatureException',
				message ?? 'Authorization header is malformed.',
				reason,
			);
		case 'unknown-key':
		case 'bad-token':
			return new ApiError(
				403,
				sts ? 'InvalidClientTokenId' : 'UnrecognizedClientException',
				INVALID_TOKEN,
				reason,
			);
		case 'expired':
			return sts
				? new ApiError(400, 'ExpiredToken', EXPIRED_TOKEN, reason)
				: new ApiError(403, 'ExpiredTokenException', EXPIRED_TOKEN, reason);
		case 'skew':
		case 'scope':
		case 'mismatch':
			return new ApiError(
				403,
				sts ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
				message ?? SIGNATURE_MISMATCH,
				reason,
			);
	}
}
