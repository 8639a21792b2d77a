/**
 * Encrypted keys and PKCS#12 bundles whose iteration counts are rewritten in their ASN.1, without
 * deriving anything: how an attacker makes a credential that asks for 2³¹−1 iterations.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as forge from 'node-forge';

const PKI = join(__dirname, '../fixtures/pki');
export const pki = (name: string): string => readFileSync(join(PKI, name), 'utf8');

export const P12_PASSWORD = 'p12-test-password';
export const KEY_PASSPHRASE = 'kdf-test-passphrase-7c1e';

const { Type } = forge.asn1;

type Target = 'kdf' | 'mac';

/** The leaf's key as encrypted PKCS#8 (PBES2, 2,048 iterations, as Node.js writes it). */
export function encryptedKeyPem(): string {
	return createPrivateKey(pki('rsa.key.pem'))
		.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: KEY_PASSPHRASE })
		.toString();
}

/** The same PEM with every PBKDF2 iteration count set to `count`. */
export function withKeyIterations(pem: string, count: number): string {
	const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
	const der = patch(Buffer.from(base64, 'base64'), count, 'kdf');
	const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
	return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${lines.join('\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}

/** The test PKI's PKCS#12 bundle (OpenSSL 3, 2,048 iterations) with its MAC or bag counts set. */
export function bundleWithIterations(count: number, target: Target): string {
	const der = Buffer.from(pki('rsa.p12.b64').replace(/\s+/g, ''), 'base64');
	return patch(der, count, target).toString('base64');
}

function patch(der: Buffer, count: number, target: Target): Buffer {
	const root = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
	const value = forge.asn1.integerToDer(count).getBytes();
	if (target === 'mac') {
		const macData = (root.value as forge.asn1.Asn1[])[2];
		(macData.value as forge.asn1.Asn1[])[2].value = value;
	} else {
		patchKdf(root, value);
	}
	return Buffer.from(forge.asn1.toDer(root).getBytes(), 'binary');
}

/** Every `SEQUENCE { salt OCTET STRING, iterations INTEGER, … }`, inside wrapped DER too. */
function patchKdf(node: forge.asn1.Asn1, value: string): void {
	if (Array.isArray(node.value)) {
		const [first, second] = node.value;
		if (
			node.type === Type.SEQUENCE &&
			first?.type === Type.OCTETSTRING &&
			second?.type === Type.INTEGER
		) {
			second.value = value;
		}
		for (const child of node.value) patchKdf(child, value);
		return;
	}
	if (
		node.type === Type.OCTETSTRING &&
		typeof node.value === 'string' &&
		node.value.charCodeAt(0) === 0x30
	) {
		try {
			const inner = forge.asn1.fromDer(forge.util.createBuffer(node.value), false);
			patchKdf(inner, value);
			node.value = forge.asn1.toDer(inner).getBytes();
		} catch {
			// not DER: leave it
		}
	}
}
