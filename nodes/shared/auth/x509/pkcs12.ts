/** PKCS#12 bundles, opened with node-forge and turned into node:crypto objects at once. */
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';

import { filled, keyMatches } from './checks';
import { checkDerivations, checkFieldSize, parseDer, withBoundedDerivations } from './limits';
import { normalisePem } from './pem';
import { CredentialValidationError } from '../errors';
import { E, F, fail } from './types';
import * as forge from 'node-forge';

interface Pkcs12Content {
	leaf: X509Certificate;
	others: X509Certificate[];
	privateKey: KeyObject;
}

/** Opens a PKCS#12 bundle with node-forge and converts its bags to node:crypto objects. */
export function readPkcs12(base64Text: string, password: string | undefined): Pkcs12Content {
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
	checkFieldSize(F.pkcs12, text);
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
	checkFieldSize(F.pkcs12Password, password);
	const asn1 = parseDer(der);
	if (!asn1) {
		return fail(
			F.pkcs12,
			'is not a PKCS#12 bundle (its content is not DER): paste the base64 of the .p12/.pfx file',
			E.invalidPkcs12,
		);
	}
	checkDerivations(F.pkcs12, asn1, true);
	// No password: try "no password" and the empty password, as OpenSSL does.
	const candidates = filled(password) ? [password] : [undefined, ''];
	let passwordRefused = false;
	for (const candidate of candidates) {
		try {
			return withBoundedDerivations(F.pkcs12, () =>
				forge.pkcs12.pkcs12FromAsn1(asn1, false, candidate),
			);
		} catch (error) {
			if (error instanceof CredentialValidationError) throw error;
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
	return readBag(
		'its private key could not be read: export the bundle again with an RSA or EC key',
		// forge parses RSA keys; other key types (EC) stay as the decrypted PrivateKeyInfo.
		() => (bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1),
		(der) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
	);
}

function bagToCertificate(bag: forge.pkcs12.Bag): X509Certificate {
	return readBag(
		'holds a certificate that is not valid X.509: export the bundle again',
		// forge parses RSA certificates only; the others stay as ASN.1. Both keep the original DER.
		() => (bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1),
		(der) => new X509Certificate(der),
	);
}

/** Reads a bag's DER; a bag that does not read fails the bundle with `problem`. */
function readBag<T>(problem: string, asn1: () => forge.asn1.Asn1, read: (der: Buffer) => T): T {
	try {
		return read(Buffer.from(forge.asn1.toDer(asn1()).getBytes(), 'binary'));
	} catch {
		return fail(F.pkcs12, problem, E.invalidPkcs12);
	}
}

/** First sentence of a library error, bounded; library errors carry no input of ours. */
function safeLibraryMessage(message: string): string {
	const first = message.split('\n')[0].trim() || 'unknown error';
	return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}
