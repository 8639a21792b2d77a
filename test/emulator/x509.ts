/**
 * Verifier for IAM Roles Anywhere request signatures (AWS4-X509-RSA-SHA256 and
 * AWS4-X509-ECDSA-SHA256) and for the certificate chain that comes with them.
 *
 * Written from the AWS spec on its own, with node:crypto only and its own canonical-request code,
 * so that it shares nothing with the package's signer: a mistake there cannot pass here.
 * Spec: IAM Roles Anywhere User Guide, "Signing process" and "Authentication"
 * (https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html),
 * which defers to SigV4 for the canonical request.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';

import type { ReceivedRequest } from './request';

export const RSA_ALGORITHM = 'AWS4-X509-RSA-SHA256';
export const ECDSA_ALGORITHM = 'AWS4-X509-ECDSA-SHA256';

/** The parts of `Authorization: AWS4-X509-…-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface X509Authorization {
	algorithm: typeof RSA_ALGORITHM | typeof ECDSA_ALGORITHM;
	/** Leaf certificate serial number, in decimal. */
	serial: string;
	scopeDate: string;
	region: string;
	service: string;
	terminator: string;
	/** `<date>/<region>/<service>/aws4_request` */
	credentialScope: string;
	signedHeaders: string[];
	signature: string;
}

// ---- Task 1: canonical request ---------------------------------------------------------------

/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~` is escaped, in upper case. */
export function uriEncode(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const ch = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(ch)
			? ch
			: '%' + byte.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

/**
 * CanonicalUri: the path normalised (empty, `.` and `..` segments removed), each segment
 * URI-encoded once more (non-S3 services encode the already-encoded path a second time).
 */
export function canonicalUri(rawPath: string): string {
	const segments: string[] = [];
	for (const segment of rawPath.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(uriEncode(segment));
	}
	const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
	return '/' + segments.join('/') + trailing;
}

/** CanonicalQueryString: decoded, re-encoded per RFC 3986, sorted by name then value. */
export function canonicalQueryString(rawQuery: string): string {
	if (!rawQuery) return '';
	const decode = (s: string): string => {
		try {
			return decodeURIComponent(s);
		} catch {
			return s;
		}
	};
	const pairs = rawQuery
		.split('&')
		.filter((p) => p.length > 0)
		.map((p) => {
			const eq = p.indexOf('=');
			const name = eq < 0 ? p : p.slice(0, eq);
			const value = eq < 0 ? '' : p.slice(eq + 1);
			return [uriEncode(decode(name)), uriEncode(decode(value))] as const;
		});
	pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
	return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/**
 * CanonicalHeaders: `name:value\n` for each signed header, names in lower case and sorted, values
 * trimmed with inner runs of spaces collapsed. Undefined names a signed header that is missing.
 */
export function canonicalHeaders(
	headers: Record<string, string>,
	signedHeaders: string[],
): { text: string } | { missing: string } {
	let text = '';
	for (const name of [...signedHeaders].sort()) {
		const value = headers[name];
		if (value === undefined) return { missing: name };
		text += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
	}
	return { text };
}

/** Lower-case hex SHA-256. */
export const sha256Hex = (data: string | Buffer): string =>
	createHash('sha256').update(data).digest('hex');

/** The whole canonical request of a received request. */
export function canonicalRequest(
	req: ReceivedRequest,
	signedHeaders: string[],
): { text: string } | { missing: string } {
	const headers = canonicalHeaders(req.headers, signedHeaders);
	if ('missing' in headers) return headers;
	const text = [
		req.method.toUpperCase(),
		canonicalUri(req.rawPath),
		canonicalQueryString(req.rawQuery),
		headers.text,
		[...signedHeaders].sort().join(';'),
		sha256Hex(req.body),
	].join('\n');
	return { text };
}

// ---- Task 2: string to sign ------------------------------------------------------------------

/** `<algorithm>\n<amz-date>\n<credential scope>\n<hex sha256 of the canonical request>` */
export const stringToSign = (
	algorithm: string,
	amzDate: string,
	credentialScope: string,
	canonical: string,
): string => [algorithm, amzDate, credentialScope, sha256Hex(canonical)].join('\n');

// ---- Task 3/4: the Authorization header and the signature ------------------------------------

/** Parses the Authorization header; a string explains what is wrong with it. */
export function parseX509Authorization(header: string): X509Authorization | string {
	const space = header.indexOf(' ');
	const algorithm = space < 0 ? header : header.slice(0, space);
	if (algorithm !== RSA_ALGORITHM && algorithm !== ECDSA_ALGORITHM) {
		return `Unsupported signing algorithm '${algorithm}'`;
	}
	const params: Record<string, string> = {};
	for (const part of header.slice(space + 1).split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
	}
	for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
		if (!params[name]) return `Authorization header requires '${name}' parameter`;
	}
	const scope = params.Credential.split('/');
	if (scope.length !== 5)
		return 'Credential must be <serial>/<date>/<region>/<service>/aws4_request';
	const [serial, scopeDate, region, service, terminator] = scope;
	if (!/^[0-9a-fA-F]+$/.test(params.Signature)) return 'Signature must be hex';
	return {
		algorithm,
		serial,
		scopeDate,
		region,
		service,
		terminator,
		credentialScope: scope.slice(1).join('/'),
		signedHeaders: params.SignedHeaders.split(';'),
		signature: params.Signature.toLowerCase(),
	};
}

/** A certificate serial number (hex, as node prints it) in decimal. */
export const serialToDecimal = (hexSerial: string): string => BigInt('0x' + hexSerial).toString(10);

/** Which key types and sizes the verifier accepts; a string says why a key is refused. */
export function checkLeafKey(leaf: X509Certificate, algorithm: string): true | string {
	const key = leaf.publicKey;
	const details = key.asymmetricKeyDetails ?? {};
	if (key.asymmetricKeyType === 'rsa') {
		if (algorithm !== RSA_ALGORITHM) return `algorithm ${algorithm} does not fit an RSA key`;
		if ((details.modulusLength ?? 0) < 2048) {
			return `RSA key of ${details.modulusLength} bits is below 2048`;
		}
		return true;
	}
	if (key.asymmetricKeyType === 'ec') {
		if (algorithm !== ECDSA_ALGORITHM) return `algorithm ${algorithm} does not fit an EC key`;
		if (!['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) {
			return `EC curve ${details.namedCurve} is not supported`;
		}
		return true;
	}
	return `key type ${key.asymmetricKeyType} is not supported`;
}

/**
 * Checks the signature with the leaf's public key: RSA PKCS#1 v1.5 with SHA-256, or ECDSA with
 * SHA-256 and a DER-encoded signature.
 */
export function verifyX509Signature(
	leaf: X509Certificate,
	algorithm: string,
	toSign: string,
	signatureHex: string,
): boolean {
	const signature = Buffer.from(signatureHex, 'hex');
	const data = Buffer.from(toSign, 'utf8');
	try {
		return algorithm === RSA_ALGORITHM
			? verifySignature('sha256', data, leaf.publicKey, signature)
			: verifySignature('sha256', data, { key: leaf.publicKey, dsaEncoding: 'der' }, signature);
	} catch {
		return false;
	}
}

// ---- Certificates and the chain --------------------------------------------------------------

/** Parses base64 DER (the X-Amz-X509 header); undefined if it is not a certificate. */
export function certificateFromBase64Der(b64: string): X509Certificate | undefined {
	try {
		const der = Buffer.from(b64.trim(), 'base64');
		return der.length > 0 ? new X509Certificate(der) : undefined;
	} catch {
		return undefined;
	}
}

/** Parses every certificate in a PEM bundle. */
export function certificatesFromPem(pem: string): X509Certificate[] {
	const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
	return blocks.map((block) => new X509Certificate(block));
}

/** The CN of a certificate subject, if it has one. */
export function commonName(cert: X509Certificate): string | undefined {
	const line = cert.subject.split('\n').find((l) => l.startsWith('CN='));
	return line?.slice(3);
}

/** Validity of a certificate at a time. */
export function validityAt(
	cert: X509Certificate,
	now: Date,
): 'valid' | 'expired' | 'not-yet-valid' {
	if (now.getTime() > new Date(cert.validTo).getTime()) return 'expired';
	if (now.getTime() < new Date(cert.validFrom).getTime()) return 'not-yet-valid';
	return 'valid';
}

/** Whether `issuer` issued `cert`: names (and key IDs) match and its signature verifies. */
const issuedBy = (cert: X509Certificate, issuer: X509Certificate): boolean => {
	try {
		return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
	} catch {
		return false;
	}
};

export type ChainResult =
	| { ok: true; path: X509Certificate[] }
	| { ok: false; problem: 'untrusted' | 'expired' | 'not-yet-valid'; reason: string };

/**
 * Builds a path leaf → intermediates → a trust anchor CA, checking every issuer signature, the
 * validity dates against `now` and that every issuer is a CA (basicConstraints).
 */
export function verifyChain(
	leaf: X509Certificate,
	intermediates: X509Certificate[],
	anchors: X509Certificate[],
	now: Date,
): ChainResult {
	const path = [leaf];
	const unused = [...intermediates];
	let current = leaf;
	for (let depth = 0; depth <= intermediates.length; depth++) {
		const validity = validityAt(current, now);
		if (validity !== 'valid') {
			return {
				ok: false,
				problem: validity,
				reason: `${current === leaf ? 'leaf' : 'intermediate'} ${current.subject.replace(/\n/g, ', ')} is ${validity}`,
			};
		}
		const anchor = anchors.find((ca) => issuedBy(current, ca));
		if (anchor) {
			if (!anchor.ca)
				return { ok: false, problem: 'untrusted', reason: 'trust anchor is not a CA' };
			const anchorValidity = validityAt(anchor, now);
			if (anchorValidity !== 'valid') {
				return { ok: false, problem: 'untrusted', reason: `trust anchor CA is ${anchorValidity}` };
			}
			return { ok: true, path: [...path, anchor] };
		}
		const index = unused.findIndex((c) => issuedBy(current, c));
		if (index < 0) {
			return {
				ok: false,
				problem: 'untrusted',
				reason: `no trusted issuer for ${current.subject.replace(/\n/g, ', ')} (issuer ${current.issuer.replace(/\n/g, ', ')})`,
			};
		}
		const next = unused.splice(index, 1)[0];
		if (!next.ca) {
			return { ok: false, problem: 'untrusted', reason: 'an intermediate certificate is not a CA' };
		}
		path.push(next);
		current = next;
	}
	return { ok: false, problem: 'untrusted', reason: 'chain does not reach a trust anchor' };
}
