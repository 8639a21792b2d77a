/**
 * X.509 material for IAM Roles Anywhere: the certificate, its private key and the intermediate
 * CA certificates, read from PEM fields or from a PKCS#12 bundle and checked before any call.
 *
 * PEM keys are read by node:crypto (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 and legacy
 * OpenSSL-encrypted PEM). node-forge is used only to open PKCS#12 bundles; what it finds is
 * turned into node:crypto objects at once. The work runs in a worker thread with a deadline, so
 * a key derivation never holds up n8n's event loop.
 *
 * Every error is a {@link CredentialValidationError} naming the credential field by its display
 * name. Messages may quote certificate subjects, serial numbers and dates, never key material, a
 * passphrase or a password.
 */
export { serialToDecimal } from './checks';
export {
	CERTIFICATE_LOAD_DEADLINE_MS,
	loadCertificateMaterial,
	type LoadOptions,
} from './offThread';
export {
	CERTIFICATE_ERROR_CODES,
	CERTIFICATE_FIELDS,
	type CertificateInput,
	type CertificateMaterial,
	type X509SigningAlgorithm,
} from './types';
