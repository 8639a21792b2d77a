/**
 * Bounds on the work a certificate field can ask for, checked before any parsing or key
 * derivation: field sizes, and the iteration counts that encrypted PKCS#8 keys and PKCS#12
 * bundles carry in their own ASN.1 (PBKDF2, PKCS#12 PBE, the PKCS#12 MAC).
 *
 * Without them a credential holding 2³¹−1 iterations blocks n8n's event loop for half an hour.
 * OpenSSL 3 (`openssl pkcs8 -topk8`, `openssl pkcs12 -export`) and Node.js write 2,048
 * iterations, node-forge 2,048, Java's keytool 10,000 (Java 8: 50,000, MAC 100,000).
 */
import * as forge from 'node-forge';

import { pbkdf2, pkcs12Kdf } from './nativeKdf';
import { E, fail } from './types';

/** Longest accepted text of one certificate field (PEM, base64 PKCS#12, passphrase), in characters. */
export const MAX_FIELD_CHARS = 64 * 1024;
/** Most iterations of one key derivation (PBKDF2, PKCS#12 PBE) or of the PKCS#12 MAC. */
export const MAX_KDF_ITERATIONS = 100_000;
/** Most iterations of all derivations one field asks for together: MAC, certificate and key bags. */
export const MAX_TOTAL_KDF_ITERATIONS = 3 * MAX_KDF_ITERATIONS;
/** How deep OCTET STRINGs that hold DER (PKCS#12 contents) are opened while scanning. */
const MAX_WRAPPED_DEPTH = 4;

const PBKDF2 = '1.2.840.113549.1.5.12';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';
/** PBES1 (PKCS#5) and PKCS#12 PBE schemes: parameters are `SEQUENCE { salt, iterations }`. */
const PBE_WITH_COUNT = new Set([
	'1.2.840.113549.1.5.1',
	'1.2.840.113549.1.5.3',
	'1.2.840.113549.1.5.4',
	'1.2.840.113549.1.5.6',
	'1.2.840.113549.1.5.10',
	'1.2.840.113549.1.5.11',
	'1.2.840.113549.1.12.1.1',
	'1.2.840.113549.1.12.1.2',
	'1.2.840.113549.1.12.1.3',
	'1.2.840.113549.1.12.1.4',
	'1.2.840.113549.1.12.1.5',
	'1.2.840.113549.1.12.1.6',
]);

const { Class, Type } = forge.asn1;
const number = (n: number) => n.toLocaleString('en-US');

/** Refuses a field longer than {@link MAX_FIELD_CHARS}, before anything reads it. */
export function checkFieldSize(field: string, text: string | undefined): void {
	if (text !== undefined && text.length > MAX_FIELD_CHARS) {
		fail(
			field,
			`is ${number(text.length)} characters long; at most ${number(MAX_FIELD_CHARS)} are accepted (a certificate, key or bundle with its chain takes a few thousand): paste only the certificate material`,
			E.fieldTooLarge,
		);
	}
}

/** DER (or BER) to forge ASN.1, as node-forge's PKCS#12 reader wants it; undefined when it is not. */
export function parseDer(der: Buffer): forge.asn1.Asn1 | undefined {
	try {
		return forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
	} catch {
		return undefined;
	}
}

/**
 * Refuses key derivations above the limits, reading the iteration counts from the ASN.1 before
 * anything derives a key: every PBKDF2 / PBE parameter set, scrypt (refused: its memory cost is
 * not bounded here), and the PKCS#12 MAC when `pkcs12` is set.
 */
export function checkDerivations(field: string, root: forge.asn1.Asn1, pkcs12 = false): void {
	const counts: number[] = [];
	if (pkcs12) counts.push(macIterations(root));
	collect(field, root, counts, 0);
	checkCounts(field, counts);
}

type Patchable = Record<string, unknown>;

/**
 * Runs `open` (node-forge's PKCS#12 reader) with every key derivation it starts checked first,
 * so a bag encrypted inside another encrypted bag, which no scan can read beforehand, is bounded
 * too; and with forge's derivations done by node:crypto (see nativeKdf.ts). node-forge is
 * synchronous: the replacements are in place only during this call.
 */
export function withBoundedDerivations<T>(field: string, open: () => T): T {
	const { pbe } = forge.pki as unknown as {
		pbe: {
			getCipher: (oid: string, params: forge.asn1.Asn1, password: string) => unknown;
		} & Patchable;
	};
	const replaced: Array<[Patchable, string, unknown]> = [
		[forge.pkcs5 as unknown as Patchable, 'pbkdf2', pbkdf2],
		[forge.pkcs12 as unknown as Patchable, 'generateKey', pkcs12Kdf],
		[pbe, 'generatePkcs12Key', pkcs12Kdf],
	];
	const originals = replaced.map(([target, name]) => target[name]);
	for (const [target, name, value] of replaced) target[name] = value;
	const original = pbe.getCipher;
	const counts: number[] = [];
	pbe.getCipher = function (oid, params, password) {
		const algorithm = forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
			forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(oid).getBytes()),
			params,
		]);
		collect(field, algorithm, counts, 0);
		checkCounts(field, counts);
		return original.call(this, oid, params, password);
	};
	try {
		return open();
	} finally {
		pbe.getCipher = original;
		replaced.forEach(([target, name], i) => (target[name] = originals[i]));
	}
}

function checkCounts(field: string, counts: number[]): void {
	let total = 0;
	for (const count of counts) {
		if (count > MAX_KDF_ITERATIONS) {
			fail(
				field,
				`asks for ${number(count)} key-derivation iterations; at most ${number(MAX_KDF_ITERATIONS)} are accepted (OpenSSL and Node.js write 2,048, Java keytool 10,000): export it again with the tool's default, for example \`openssl pkcs12 -export -iter 2048 -maciter\` or \`openssl pkcs8 -topk8 -iter 2048\``,
				E.tooManyIterations,
			);
		}
		total += count;
	}
	if (total > MAX_TOTAL_KDF_ITERATIONS) {
		fail(
			field,
			`asks for ${number(total)} key-derivation iterations in all; at most ${number(MAX_TOTAL_KDF_ITERATIONS)} are accepted: export it again with one certificate, its key and the tool's default iteration count`,
			E.tooManyIterations,
		);
	}
}

/** `PFX ::= SEQUENCE { version, authSafe, macData { mac, macSalt, iterations DEFAULT 1 } }`. */
function macIterations(root: forge.asn1.Asn1): number {
	const macData = children(root)[2];
	const iterations = macData ? children(macData)[2] : undefined;
	return iterations && iterations.type === Type.INTEGER ? integer(iterations) : 0;
}

function collect(field: string, node: forge.asn1.Asn1, counts: number[], wrapped: number): void {
	const parts = children(node);
	if (node.type === Type.SEQUENCE && parts[0]?.type === Type.OID && !parts[0].constructed) {
		const oid = forge.asn1.derToOid(forge.util.createBuffer(parts[0].value as string));
		if (oid === SCRYPT) {
			fail(
				field,
				'is encrypted with scrypt, which this node does not open: export it again with PBKDF2 (`openssl pkcs8 -topk8 -v2 aes-256-cbc`)',
				E.tooManyIterations,
			);
		}
		if (oid === PBKDF2 || PBE_WITH_COUNT.has(oid)) {
			const count = children(parts[1]).find((part) => part.type === Type.INTEGER);
			if (count) counts.push(integer(count));
		}
	}
	for (const part of parts) collect(field, part, counts, wrapped);
	if (node.type === Type.OCTETSTRING && wrapped < MAX_WRAPPED_DEPTH) {
		// PKCS#12 keeps its contents as DER inside OCTET STRINGs (BER may split them in pieces).
		const bytes = node.constructed
			? parts.map((part) => (typeof part.value === 'string' ? part.value : '')).join('')
			: (node.value as string);
		if (bytes.charCodeAt(0) === 0x30) {
			const inner = parseDer(Buffer.from(bytes, 'binary'));
			if (inner) collect(field, inner, counts, wrapped + 1);
		}
	}
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
	return node && Array.isArray(node.value) ? node.value : [];
}

/** An INTEGER's value; anything past 2⁴⁸ is simply too large. */
function integer(node: forge.asn1.Asn1): number {
	const bytes = typeof node.value === 'string' ? node.value.replace(/^\0+/, '') : '';
	if (bytes.length > 6) return Number.MAX_SAFE_INTEGER;
	let value = 0;
	for (let i = 0; i < bytes.length; i++) value = value * 256 + bytes.charCodeAt(i);
	return value;
}
