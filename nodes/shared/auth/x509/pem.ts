/** PEM text to node:crypto certificates and keys (PKCS#8, PKCS#1, SEC1, encrypted). */
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';

import { filled } from './checks';
import { checkDerivations, checkFieldSize, parseDer } from './limits';
import { E, F, fail } from './types';

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
export function normalisePem(text: string): string {
	let result = text.trim();
	if (result.length > 1 && result.startsWith('"') && result.endsWith('"')) {
		result = result.slice(1, -1).trim();
	}
	return result.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
}

/** BEGIN and END lines; the label cannot hold `-`, so a failed match costs at most ~80 characters. */
const MARKER = /-----(BEGIN|END) ([A-Z0-9 #]{1,64})-----/g;

/**
 * Finds the PEM blocks of normalised text in one pass over its BEGIN / END lines (a regular
 * expression with a back-reference took seconds on 500 KB of unmatched BEGIN lines). A BEGIN
 * without its END is skipped, as is a stray END; `unclosed` names the first skipped BEGIN.
 */
export function scanPemBlocks(pem: string): {
	blocks: Array<{ label: string; body: string }>;
	unclosed?: string;
} {
	const blocks: Array<{ label: string; body: string }> = [];
	let open: { label: string; bodyStart: number } | undefined;
	let unclosed: string | undefined;
	for (const match of pem.matchAll(MARKER)) {
		const [line, kind, label] = match;
		const at = match.index ?? 0;
		if (kind === 'BEGIN') {
			if (open) unclosed ??= open.label;
			open = { label, bodyStart: at + line.length };
		} else if (open && open.label === label) {
			blocks.push({ label, body: pem.slice(open.bodyStart, at) });
			open = undefined;
		}
	}
	if (open) unclosed ??= open.label;
	return { blocks, unclosed };
}

/**
 * Splits PEM text into blocks. Lines may have been re-wrapped or joined with spaces (a
 * single-line input field), so the base64 body is read with all whitespace removed.
 */
function readPemBlocks(text: string, field: string): PemBlock[] {
	checkFieldSize(field, text);
	const pem = normalisePem(text);
	const scan = scanPemBlocks(pem);
	const blocks: PemBlock[] = [];
	for (const { label, body: raw } of scan.blocks) {
		let body = raw;
		const headers = /^\s*Proc-Type:[ \t]*(\S+)\s+DEK-Info:[ \t]*(\S+)/.exec(body);
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
	if (blocks.length === 0 && scan.unclosed) {
		fail(
			field,
			`the -----BEGIN ${scan.unclosed}----- block has no matching -----END ${scan.unclosed}----- line: paste the whole block`,
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
export function readCertificates(text: string, field: string): X509Certificate[] {
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
export function readPrivateKey(text: string, passphrase: string | undefined): KeyObject {
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
	checkFieldSize(F.passphrase, passphrase);
	if (block.label === 'ENCRYPTED PRIVATE KEY') {
		const asn1 = parseDer(block.der);
		if (asn1) checkDerivations(F.privateKey, asn1);
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
