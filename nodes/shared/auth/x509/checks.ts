/** Checks of loaded material: key matches the leaf, key type, validity dates, chain order. */
import { KeyObject, X509Certificate } from 'node:crypto';

import { E, fail, type CertificateMaterial, type X509SigningAlgorithm } from './types';

interface FieldNames {
	leaf: string;
	chain: string;
	key?: string;
}

export function checkMaterial(
	leaf: X509Certificate,
	others: X509Certificate[],
	privateKey: KeyObject,
	now: Date,
	fields: FieldNames,
): CertificateMaterial {
	const algorithm = signingAlgorithm(leaf, fields.leaf);
	if (!keyMatches(leaf, privateKey)) {
		fail(
			fields.key ?? fields.leaf,
			`the private key does not belong to the certificate ${describe(leaf)}: use the key that was generated with this certificate's request`,
			E.keyMismatch,
		);
	}
	checkValidity(leaf, now, fields.leaf, 'certificate');
	const chain = orderChain(leaf, others, now, fields.chain);
	return {
		leaf,
		chain,
		privateKey,
		algorithm,
		serialDecimal: serialToDecimal(leaf.serialNumber),
		leafDerBase64: leaf.raw.toString('base64'),
		chainDerBase64: chain.map((cert) => cert.raw.toString('base64')),
		leafField: fields.leaf,
	};
}

/** The Roles Anywhere algorithm for the certificate's key, or an error naming what was found. */
function signingAlgorithm(leaf: X509Certificate, field: string): X509SigningAlgorithm {
	const key = leaf.publicKey;
	const details = key.asymmetricKeyDetails ?? {};
	if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) {
		return 'AWS4-X509-RSA-SHA256';
	}
	if (key.asymmetricKeyType === 'ec' && SUPPORTED_CURVES.has(details.namedCurve ?? '')) {
		return 'AWS4-X509-ECDSA-SHA256';
	}
	return fail(
		field,
		`the certificate ${describe(leaf)} has an unsupported key (${keyDescription(key)}): IAM Roles Anywhere accepts RSA keys of 2048 bits or more and EC P-256 or P-384 keys; issue a certificate with one of those`,
		E.unsupportedKey,
	);
}

const SUPPORTED_CURVES = new Set(['prime256v1', 'secp384r1']);
const CURVE_NAMES: Record<string, string> = {
	prime256v1: 'P-256',
	secp384r1: 'P-384',
	secp521r1: 'P-521',
};

function keyDescription(key: KeyObject): string {
	const details = key.asymmetricKeyDetails ?? {};
	switch (key.asymmetricKeyType) {
		case 'rsa':
			return `${details.modulusLength ?? '?'}-bit RSA`;
		case 'rsa-pss':
			return `${details.modulusLength ?? '?'}-bit RSA-PSS`;
		case 'ec':
			return `EC ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown curve'}`;
		case 'ed25519':
			return 'Ed25519';
		case 'ed448':
			return 'Ed448';
		default:
			return key.asymmetricKeyType?.toUpperCase() ?? 'unknown type';
	}
}

export function keyMatches(leaf: X509Certificate, privateKey: KeyObject): boolean {
	try {
		return leaf.checkPrivateKey(privateKey);
	} catch {
		return false;
	}
}

function checkValidity(cert: X509Certificate, now: Date, field: string, what: string): void {
	const from = parseCertDate(cert.validFrom);
	const to = parseCertDate(cert.validTo);
	const span = `valid from ${iso(from)} to ${iso(to)}`;
	if (to && now.getTime() > to.getTime()) {
		fail(
			field,
			`the ${what} ${describe(cert)} expired on ${iso(to)} (${span}): issue a new certificate and paste it here`,
			E.expired,
		);
	}
	if (from && now.getTime() < from.getTime()) {
		fail(
			field,
			`the ${what} ${describe(cert)} is not valid before ${iso(from)} (${span}): use a certificate that is valid now, or check the clock of the n8n host`,
			E.notYetValid,
		);
	}
}

/**
 * Puts the extra certificates in chain order, starting with the leaf's issuer. Duplicates and
 * copies of the leaf are dropped; anything that is not a CA or does not link is refused.
 */
function orderChain(
	leaf: X509Certificate,
	others: X509Certificate[],
	now: Date,
	field: string,
): X509Certificate[] {
	const seen = new Set([leaf.fingerprint256]);
	const remaining: X509Certificate[] = [];
	for (const cert of others) {
		if (seen.has(cert.fingerprint256)) continue;
		seen.add(cert.fingerprint256);
		if (!cert.ca) {
			fail(
				field,
				`the certificate ${describe(cert)} is not a CA certificate: the chain holds only the intermediate CA certificates that issued the certificate, not other end-entity certificates`,
				E.invalidChain,
			);
		}
		checkValidity(cert, now, field, 'chain certificate');
		remaining.push(cert);
	}
	const chain: X509Certificate[] = [];
	let child = leaf;
	for (;;) {
		const index = remaining.findIndex((candidate) => issued(candidate, child));
		if (index < 0) break;
		child = remaining.splice(index, 1)[0];
		chain.push(child);
	}
	if (remaining.length > 0) {
		fail(
			field,
			`the certificate ${describe(remaining[0])} does not chain to ${describe(leaf)}: it did not issue it or any certificate between them. Remove it, or add the missing intermediate`,
			E.invalidChain,
		);
	}
	return chain;
}

function issued(issuer: X509Certificate, child: X509Certificate): boolean {
	try {
		return child.checkIssued(issuer) && child.verify(issuer.publicKey);
	} catch {
		return false;
	}
}

export function filled(value: string | undefined): value is string {
	return typeof value === 'string' && value.trim().length > 0;
}

/** Certificate serial numbers are hex in node:crypto; Roles Anywhere wants decimal. */
export function serialToDecimal(serialHex: string): string {
	return BigInt(`0x${serialHex.replace(/[^0-9a-fA-F]/g, '') || '0'}`).toString(10);
}

/** `"CN=leaf, O=Org" (serial 123…)`: how messages name a certificate. */
export function describe(cert: X509Certificate): string {
	const subject = cert.subject.split('\n').join(', ');
	return `"${subject}" (serial ${serialToDecimal(cert.serialNumber)})`;
}

export function parseCertDate(text: string): Date | undefined {
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

export function iso(date: Date | undefined): string {
	return date ? date.toISOString().replace('.000Z', 'Z') : 'unknown';
}
