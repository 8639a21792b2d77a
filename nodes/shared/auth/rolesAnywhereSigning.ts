/**
 * IAM Roles Anywhere request signing: SigV4 with the certificate's private key in place of the
 * HMAC chain, and the certificate (and its chain) sent and signed as headers.
 *
 * Spec: https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html
 * (SigV4 itself: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html)
 *
 * One function per step, named after the spec, each testable alone. `signRequest` only composes
 * them. Time is never read here: the caller passes the signing date.
 */
import { constants, createHash, sign, type KeyObject } from 'node:crypto';
import * as aws4 from 'aws4';

import type { CertificateMaterial, X509SigningAlgorithm } from './x509';

/** Signing name of the service in the credential scope. */
export const ROLES_ANYWHERE_SERVICE = 'rolesanywhere';

/** A request ready for signing. Header names are lowercase. */
export interface SignableRequest {
	/** HTTP method, upper case. */
	method: string;
	/** Path as sent, without query string (CreateSession: `/sessions`). */
	path: string;
	/** Headers to sign, names in lowercase; `host` included. Every header given is signed. */
	headers: Record<string, string>;
	/** Request body as sent. */
	body: string;
}

/** What the canonical-request step produces. */
export interface CanonicalRequest {
	/** The canonical request text. */
	canonicalRequest: string;
	/** Signed header names, lowercase, sorted, `;`-joined. */
	signedHeaders: string;
}

/** Step 0: the `X-Amz-Date` form of a date, `yyyymmddThhmmssZ` in UTC. */
export function toAmzDate(date: Date): string {
	return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * Step 0: the certificate headers. `x-amz-x509` is the base64 DER of the leaf;
 * `x-amz-x509-chain` the comma-joined base64 DER of the intermediates, present only when there
 * is a chain.
 */
export function x509Headers(
	material: Pick<CertificateMaterial, 'leafDerBase64' | 'chainDerBase64'>,
): Record<string, string> {
	const headers: Record<string, string> = { 'x-amz-x509': material.leafDerBase64 };
	if (material.chainDerBase64.length > 0) {
		headers['x-amz-x509-chain'] = material.chainDerBase64.join(',');
	}
	return headers;
}

/**
 * Task 1: the canonical request, by aws4's SigV4 canonicalisation. aws4 is told not to add
 * headers of its own, so exactly the given headers are signed.
 */
export function canonicalRequest(request: SignableRequest, region: string): CanonicalRequest {
	const signer = new aws4.RequestSigner(
		{
			method: request.method,
			path: request.path,
			headers: { ...request.headers },
			body: request.body,
			service: ROLES_ANYWHERE_SERVICE,
			region,
			doNotModifyHeaders: true,
		},
		// Unused by canonicalisation; given so that aws4 does not look at the environment.
		{ accessKeyId: '', secretAccessKey: '' },
	);
	return { canonicalRequest: signer.canonicalString(), signedHeaders: signer.signedHeaders() };
}

/** Task 2, part 1: `<yyyymmdd>/<region>/rolesanywhere/aws4_request`. */
export function credentialScope(amzDate: string, region: string): string {
	return [amzDate.slice(0, 8), region, ROLES_ANYWHERE_SERVICE, 'aws4_request'].join('/');
}

/** Task 2: `<algorithm>\n<amzDate>\n<scope>\n<hex sha256(canonical request)>`. */
export function stringToSign(
	algorithm: string,
	amzDate: string,
	scope: string,
	canonical: string,
): string {
	const digest = createHash('sha256').update(canonical, 'utf8').digest('hex');
	return [algorithm, amzDate, scope, digest].join('\n');
}

/**
 * Task 3: the signature, hex. SHA-256 with the certificate's key: RSA PKCS#1 v1.5, or ECDSA
 * DER-encoded.
 */
export function signature(
	toSign: string,
	privateKey: KeyObject,
	algorithm: X509SigningAlgorithm,
): string {
	const key =
		algorithm === 'AWS4-X509-RSA-SHA256'
			? { key: privateKey, padding: constants.RSA_PKCS1_PADDING }
			: { key: privateKey, dsaEncoding: 'der' as const };
	return sign('sha256', Buffer.from(toSign, 'utf8'), key).toString('hex');
}

/**
 * Task 4: the `Authorization` header. The credential is the leaf's serial number in decimal.
 */
export function authorizationHeader(parts: {
	algorithm: X509SigningAlgorithm;
	serialDecimal: string;
	scope: string;
	signedHeaders: string;
	signature: string;
}): string {
	return [
		`${parts.algorithm} Credential=${parts.serialDecimal}/${parts.scope}`,
		`SignedHeaders=${parts.signedHeaders}`,
		`Signature=${parts.signature}`,
	].join(', ');
}

/** A request to sign: everything but the signing headers, which `signRequest` adds. */
export interface UnsignedRequest {
	method: string;
	/** `host[:port]` as the Host header will carry it. */
	host: string;
	path: string;
	/** Content type of the body. */
	contentType: string;
	body: string;
}

/** The signed headers plus `authorization`, and the intermediate results for debugging. */
export interface SignedRequest {
	/** Headers to send: the signed ones and `authorization`. */
	headers: Record<string, string>;
	canonicalRequest: string;
	stringToSign: string;
}

/**
 * Signs a request for Roles Anywhere: adds `host`, `x-amz-date`, `x-amz-x509` (and
 * `x-amz-x509-chain`), signs them with `content-type`, and returns the headers to send.
 *
 * @param request - method, host, path, content type and body
 * @param material - the checked certificate material
 * @param region - the region of the Roles Anywhere endpoint (credential scope)
 * @param date - the signing time, read once by the caller
 */
export function signRequest(
	request: UnsignedRequest,
	material: CertificateMaterial,
	region: string,
	date: Date,
): SignedRequest {
	const amzDate = toAmzDate(date);
	const headers: Record<string, string> = {
		'content-type': request.contentType,
		host: request.host,
		'x-amz-date': amzDate,
		...x509Headers(material),
	};
	const canonical = canonicalRequest(
		{ method: request.method, path: request.path, headers, body: request.body },
		region,
	);
	const scope = credentialScope(amzDate, region);
	const toSign = stringToSign(material.algorithm, amzDate, scope, canonical.canonicalRequest);
	headers.authorization = authorizationHeader({
		algorithm: material.algorithm,
		serialDecimal: material.serialDecimal,
		scope,
		signedHeaders: canonical.signedHeaders,
		signature: signature(toSign, material.privateKey, material.algorithm),
	});
	return { headers, canonicalRequest: canonical.canonicalRequest, stringToSign: toSign };
}
