/**
 * X.509 material for IAM Roles Anywhere: the certificate, its private key and the intermediate
 * CA certificates, read from PEM fields or from a PKCS#12 bundle and checked before any call.
 *
 * PEM keys are read by node:crypto (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 and legacy
 * OpenSSL-encrypted PEM). node-forge is used only to open PKCS#12 bundles; what it finds is
 * turned into node:crypto objects at once.
 *
 * Every error is a {@link CredentialValidationError} naming the credential field by its display
 * name. Messages may quote certificate subjects, serial numbers and dates, never key material, a
 * passphrase or a password.
 */
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';

import { CredentialValidationError } from './errors';

/** The certificate fields of a Roles Anywhere credential, as n8n hands them over. */
export interface CertificateInput {
	/** Leaf certificate in PEM. Extra certificates after the first are treated as chain. */
	certificatePem?: string;
	/** Private key of the leaf in PEM: PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8. */
	privateKeyPem?: string;
	/** Passphrase of an encrypted private key; ignored when the key is not encrypted. */
	passphrase?: string;
	/** Intermediate CA certificates in PEM, in any order; sent as `X-Amz-X509-Chain`. */
	chainPem?: string;
	/** Base64 of a PKCS#12 (.p12/.pfx) file with the key, the leaf and optionally its chain. */
	pkcs12Base64?: string;
	/** Password of the PKCS#12 bundle; absent or empty tries the empty password. */
	pkcs12Password?: string;
}

/** Signature algorithm names of the Roles Anywhere signing process. */
export type X509SigningAlgorithm = 'AWS4-X509-RSA-SHA256' | 'AWS4-X509-ECDSA-SHA256';

/** Everything the Roles Anywhere signer needs, already checked. */
export interface CertificateMaterial {
	/** The end-entity certificate whose key signs the request. */
	leaf: X509Certificate;
	/** Intermediate CA certificates, leaf-first order (the leaf's issuer first), leaf excluded. */
	chain: X509Certificate[];
	/** The leaf's private key. */
	privateKey: KeyObject;
	/** Signing algorithm for the key type. */
	algorithm: X509SigningAlgorithm;
	/** Leaf serial number in decimal, as `Credential=` wants it. */
	serialDecimal: string;
	/** Base64 of the leaf's DER, the `X-Amz-X509` header. */
	leafDerBase64: string;
	/** Base64 of each chain certificate's DER, in chain order. */
	chainDerBase64: string[];
}

/** Display names of the credential fields, as errors name them. */
export const CERTIFICATE_FIELDS = {
	certificate: 'Certificate',
	privateKey: 'Private Key',
	passphrase: 'Passphrase',
	chain: 'Certificate Chain',
	pkcs12: 'PKCS#12 Bundle',
	pkcs12Password: 'PKCS#12 Password',
} as const;

/**
 * Error codes carried by the validation errors of this module, for the advice table.
 * The field is in `error.field`.
 */
export const CERTIFICATE_ERROR_CODES = {
	missing: 'CertificateMissing',
	bothSources: 'CertificateSourceConflict',
	invalidPem: 'InvalidPem',
	wrongField: 'PemInWrongField',
	passphraseRequired: 'PassphraseRequired',
	wrongPassphrase: 'WrongPassphrase',
	invalidPkcs12: 'InvalidPkcs12',
	pkcs12Unlock: 'Pkcs12PasswordRequired',
	pkcs12WrongUnlock: 'WrongPkcs12Password',
	keyMismatch: 'KeyCertificateMismatch',
	unsupportedKey: 'UnsupportedKeyType',
	expired: 'CertificateExpired',
	notYetValid: 'CertificateNotYetValid',
	invalidChain: 'InvalidCertificateChain',
} as const;

const F = CERTIFICATE_FIELDS;
const E = CERTIFICATE_ERROR_CODES;

const fail = (field: string, message: string, code: string): never => {
	throw new CredentialValidationError(field, message, code);
};

/**
 * Reads and checks the certificate material of a Roles Anywhere credential.
 *
 * @param input - the credential fields: PEM certificate and key (+ chain), or a PKCS#12 bundle
 * @param now - the time against which the certificates must be valid
 * @throws CredentialValidationError naming the field at fault and what to change
 * @public
 */
export function loadCertificateMaterial(input: CertificateInput, now: Date): CertificateMaterial {
	const hasPem = [input.certificatePem, input.privateKeyPem, input.chainPem].some(filled);
	if (filled(input.pkcs12Base64)) {
		if (hasPem) {
			fail(
				F.pkcs12,
				'use either a PKCS#12 bundle or the PEM fields (Certificate, Private Key, Certificate Chain), not both: clear one of them',
				E.bothSources,
			);
		}
		const bundle = readPkcs12(input.pkcs12Base64 as string, input.pkcs12Password);
		return checkMaterial(bundle.leaf, bundle.others, bundle.privateKey, now, {
			leaf: F.pkcs12,
			chain: F.pkcs12,
		});
	}
	if (!filled(input.certificatePem)) {
		fail(
			F.certificate,
			'is empty: paste the PEM certificate (-----BEGIN CERTIFICATE-----), or use a PKCS#12 bundle',
			E.missing,
		);
	}
	if (!filled(input.privateKeyPem)) {
		fail(
			F.privateKey,
			'is empty: paste the PEM private key of the certificate (-----BEGIN PRIVATE KEY-----)',
			E.missing,
		);
	}
	const [leaf, ...extra] = readCertificates(input.certificatePem as string, F.certificate);
	const chain = filled(input.chainPem) ? readCertificates(input.chainPem as string, F.chain) : [];
	const privateKey = readPrivateKey(input.privateKeyPem as string, input.passphrase);
	return checkMaterial(leaf, [...extra, ...chain], privateKey, now, {
		leaf: F.certificate,
		chain: filled(input.chainPem) ? F.chain : F.certificate,
		key: F.privateKey,
	});
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both sources

interface FieldNames {
	leaf: string;
	chain: string;
	key?: string;
}

function checkMaterial(
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

function keyMatches(leaf: X509Certificate, privateKey: KeyObject): boolean {
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

// ---------------------------------------------------------------------------------------------
// PEM

interface PemBlock {
	label: string;
	/** RFC 1421 headers of legacy encrypted PEM (`Proc-Type`, `DEK-Info`). */
	procType?: string;
	dekInfo?: string;
	der: Buffer;
}

const KEY_LABELS = new Set([
	'PRIVATE KEY',
	'RSA PRIVATE KEY',
	'EC PRIVATE KEY',
	'ENCRYPTED PRIVATE KEY',
]);
const EXPECTED_KEY =
	'expected -----BEGIN PRIVATE KEY----- (PKCS#8), -----BEGIN RSA PRIVATE KEY----- (PKCS#1), -----BEGIN EC PRIVATE KEY----- (SEC1) or -----BEGIN ENCRYPTED PRIVATE KEY-----';

/**
 * Undoes what copying does to PEM: surrounding whitespace and quotes, literal `\n` sequences
 * (JSON, environment variables) and CRLF line ends.
 */
function normalisePem(text: string): string {
	let result = text.trim();
	if (result.length > 1 && result.startsWith('"') && result.endsWith('"')) {
		result = result.slice(1, -1).trim();
	}
	return result.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
}

/**
 * Splits PEM text into blocks. Lines may have been re-wrapped or joined with spaces (a
 * single-line input field), so the base64 body is read with all whitespace removed.
 */
function readPemBlocks(text: string, field: string): PemBlock[] {
	const pem = normalisePem(text);
	const blocks: PemBlock[] = [];
	const pattern = /-----BEGIN ([A-Z0-9 #]+?)-----([\s\S]*?)-----END \1-----/g;
	for (const match of pem.matchAll(pattern)) {
		const label = match[1];
		let body = match[2];
		const headers = /^\s*Proc-Type:\s*(\S+)\s+DEK-Info:\s*(\S+)/.exec(body);
		if (headers) body = body.slice(headers[0].length);
		const base64 = body.replace(/\s+/g, '');
		if (base64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
			fail(
				field,
				`the -----BEGIN ${label}----- block is damaged (its content is not base64): paste it again, from the BEGIN line to the END line`,
				E.invalidPem,
			);
		}
		blocks.push({
			label,
			procType: headers?.[1],
			dekInfo: headers?.[2],
			der: Buffer.from(base64, 'base64'),
		});
	}
	if (blocks.length === 0 && /-----BEGIN [A-Z0-9 #]+-----/.test(pem)) {
		const label = /-----BEGIN ([A-Z0-9 #]+)-----/.exec(pem)?.[1];
		fail(
			field,
			`the -----BEGIN ${label}----- block has no matching -----END ${label}----- line: paste the whole block`,
			E.invalidPem,
		);
	}
	return blocks;
}

/** Rebuilds a canonical PEM block (64-column lines) for node:crypto. */
function toPem(block: PemBlock): string {
	const lines = block.der.toString('base64').match(/.{1,64}/g) ?? [];
	const headers = block.procType
		? `Proc-Type: ${block.procType}\nDEK-Info: ${block.dekInfo}\n\n`
		: '';
	return `-----BEGIN ${block.label}-----\n${headers}${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

/** Reads one or more certificates from a PEM field; refuses private keys. */
function readCertificates(text: string, field: string): X509Certificate[] {
	const blocks = readPemBlocks(text, field);
	if (blocks.some((block) => block.label.endsWith('PRIVATE KEY'))) {
		fail(
			field,
			'holds a private key, which does not belong here: paste the key into Private Key and only certificates (-----BEGIN CERTIFICATE-----) here',
			E.wrongField,
		);
	}
	const certificates = blocks.filter((block) => block.label === 'CERTIFICATE');
	if (certificates.length === 0) {
		const found = blocks.length > 0 ? ` but found -----BEGIN ${blocks[0].label}-----` : '';
		fail(
			field,
			`could not find a PEM certificate: expected -----BEGIN CERTIFICATE-----${found}`,
			E.invalidPem,
		);
	}
	return certificates.map((block) => {
		try {
			return new X509Certificate(block.der);
		} catch {
			return fail(
				field,
				'a -----BEGIN CERTIFICATE----- block is not a valid X.509 certificate: paste the certificate again',
				E.invalidPem,
			);
		}
	});
}

/** Reads the private key from its PEM field, decrypting it with the passphrase when needed. */
function readPrivateKey(text: string, passphrase: string | undefined): KeyObject {
	const blocks = readPemBlocks(text, F.privateKey);
	const keys = blocks.filter((block) => KEY_LABELS.has(block.label));
	if (keys.length === 0) {
		if (blocks.some((block) => block.label === 'CERTIFICATE')) {
			fail(
				F.privateKey,
				'holds a certificate, not a private key: paste the certificate into Certificate and its private key here',
				E.wrongField,
			);
		}
		const found = blocks.length > 0 ? `, but found -----BEGIN ${blocks[0].label}-----` : '';
		fail(F.privateKey, `could not find a PEM private key: ${EXPECTED_KEY}${found}`, E.invalidPem);
	}
	if (keys.length > 1) {
		fail(
			F.privateKey,
			`holds ${keys.length} private keys: paste only the key of the certificate`,
			E.invalidPem,
		);
	}
	const block = keys[0];
	const encrypted =
		block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.procType ?? '');
	if (encrypted && !filled(passphrase)) {
		fail(F.passphrase, 'the private key is encrypted: enter its passphrase', E.passphraseRequired);
	}
	try {
		return createPrivateKey({
			key: toPem(block),
			format: 'pem',
			...(encrypted ? { passphrase } : {}),
		});
	} catch {
		if (encrypted) {
			return fail(
				F.passphrase,
				'does not decrypt the private key: check the passphrase (and that the key was pasted whole)',
				E.wrongPassphrase,
			);
		}
		return fail(
			F.privateKey,
			`the -----BEGIN ${block.label}----- block could not be read as a private key: paste the key again`,
			E.invalidPem,
		);
	}
}

// ---------------------------------------------------------------------------------------------
// PKCS#12

interface Pkcs12Content {
	leaf: X509Certificate;
	others: X509Certificate[];
	privateKey: KeyObject;
}

/** Opens a PKCS#12 bundle with node-forge and converts its bags to node:crypto objects. */
function readPkcs12(base64Text: string, password: string | undefined): Pkcs12Content {
	const pfx = openPkcs12(decodePkcs12Base64(base64Text), password);
	const keyBags = [
		...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
			forge.pki.oids.pkcs8ShroudedKeyBag
		] ?? []),
		...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
	];
	const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
	if (keyBags.length !== 1) {
		fail(
			F.pkcs12,
			keyBags.length === 0
				? 'holds no private key: export the bundle with the certificate and its private key'
				: `holds ${keyBags.length} private keys: export a bundle with only the key of the certificate`,
			E.invalidPkcs12,
		);
	}
	const privateKey = bagToKey(keyBags[0]);
	const certificates = certBags.map(bagToCertificate);
	const leaf = certificates.find((cert) => keyMatches(cert, privateKey));
	if (!leaf) {
		return fail(
			F.pkcs12,
			'holds no certificate for its private key: export the bundle with the certificate of the key',
			E.keyMismatch,
		);
	}
	return { leaf, others: certificates.filter((cert) => cert !== leaf), privateKey };
}

function decodePkcs12Base64(text: string): Buffer {
	const trimmed = normalisePem(text);
	if (trimmed.includes('-----BEGIN')) {
		fail(
			F.pkcs12,
			'holds PEM text, not a PKCS#12 bundle: paste PEM into the Certificate and Private Key fields, or the base64 of the .p12/.pfx file here',
			E.invalidPkcs12,
		);
	}
	const base64 = trimmed.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
		fail(
			F.pkcs12,
			'is not base64: paste the base64 of the .p12/.pfx file (for example the output of `base64 -w0 bundle.p12`)',
			E.invalidPkcs12,
		);
	}
	return Buffer.from(base64, 'base64');
}

function openPkcs12(der: Buffer, password: string | undefined): forge.pkcs12.Pkcs12Pfx {
	let asn1: forge.asn1.Asn1;
	try {
		asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
	} catch {
		return fail(
			F.pkcs12,
			'is not a PKCS#12 bundle (its content is not DER): paste the base64 of the .p12/.pfx file',
			E.invalidPkcs12,
		);
	}
	// No password: try "no password" and the empty password, as OpenSSL does.
	const candidates = filled(password) ? [password] : [undefined, ''];
	let passwordRefused = false;
	for (const candidate of candidates) {
		try {
			return forge.pkcs12.pkcs12FromAsn1(asn1, false, candidate);
		} catch (error) {
			const message = error instanceof Error ? error.message : '';
			if (!/password|MAC could not be verified/i.test(message)) {
				return fail(
					F.pkcs12,
					`could not be opened (${safeLibraryMessage(message)}): export it again with \`openssl pkcs12 -export\`, or use the PEM fields`,
					E.invalidPkcs12,
				);
			}
			passwordRefused = true;
		}
	}
	if (passwordRefused && !filled(password)) {
		fail(F.pkcs12Password, 'the bundle is password-protected: enter its password', E.pkcs12Unlock);
	}
	return fail(
		F.pkcs12Password,
		'does not open the bundle: check the password',
		E.pkcs12WrongUnlock,
	);
}

function bagToKey(bag: forge.pkcs12.Bag): KeyObject {
	try {
		// forge parses RSA keys; other key types (EC) stay as the decrypted PrivateKeyInfo.
		const info = bag.key
			? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
			: bag.asn1;
		const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
		return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
	} catch {
		return fail(
			F.pkcs12,
			'its private key could not be read: export the bundle again with an RSA or EC key',
			E.invalidPkcs12,
		);
	}
}

function bagToCertificate(bag: forge.pkcs12.Bag): X509Certificate {
	try {
		// forge parses RSA certificates only; the others stay as ASN.1. Both keep the original DER.
		const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
		return new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
	} catch {
		return fail(
			F.pkcs12,
			'holds a certificate that is not valid X.509: export the bundle again',
			E.invalidPkcs12,
		);
	}
}

/** First sentence of a library error, bounded; library errors carry no input of ours. */
function safeLibraryMessage(message: string): string {
	const first = message.split('\n')[0].trim() || 'unknown error';
	return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function filled(value: string | undefined): value is string {
	return typeof value === 'string' && value.trim().length > 0;
}

/** Certificate serial numbers are hex in node:crypto; Roles Anywhere wants decimal. */
export function serialToDecimal(serialHex: string): string {
	return BigInt(`0x${serialHex.replace(/[^0-9a-fA-F]/g, '') || '0'}`).toString(10);
}

/** `"CN=leaf, O=Org" (serial 123…)`: how messages name a certificate. */
function describe(cert: X509Certificate): string {
	const subject = cert.subject.split('\n').join(', ');
	return `"${subject}" (serial ${serialToDecimal(cert.serialNumber)})`;
}

function parseCertDate(text: string): Date | undefined {
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

function iso(date: Date | undefined): string {
	return date ? date.toISOString().replace('.000Z', 'Z') : 'unknown';
}
