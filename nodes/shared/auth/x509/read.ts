/** The certificate fields of a credential to checked material, on the calling thread. */
import { checkMaterial, filled } from './checks';
import { readCertificates, readPrivateKey } from './pem';
import { readPkcs12 } from './pkcs12';
import { E, F, fail, type CertificateInput, type CertificateMaterial } from './types';

/**
 * Reads and checks the certificate material of a Roles Anywhere credential, synchronously: key
 * derivation and node-forge's PKCS#12 decryption cost up to a second or more of CPU, so this
 * runs in a worker thread (see `worker.ts`); everything else calls `loadCertificateMaterial`.
 *
 * @param input - the credential fields: PEM certificate and key (+ chain), or a PKCS#12 bundle
 * @param now - the time against which the certificates must be valid
 * @throws CredentialValidationError naming the field at fault and what to change
 * @internal
 */
export function readCertificateMaterial(input: CertificateInput, now: Date): CertificateMaterial {
	const hasPem = [input.certificatePem, input.privateKeyPem, input.chainPem].some(filled);
	if (input.format === 'pkcs12' && !filled(input.pkcs12Base64)) {
		fail(F.pkcs12, 'is empty: paste the base64 of the .p12 / .pfx file', E.missing);
	}
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
