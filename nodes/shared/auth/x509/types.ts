import type { KeyObject, X509Certificate } from 'node:crypto';
import { CredentialValidationError } from '../errors';

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
	/**
	 * Which of the two the user chose (the credential's Certificate Format). With `pkcs12`, an
	 * empty bundle is reported as such instead of as an empty PEM certificate. Absent: the filled
	 * fields decide.
	 */
	format?: 'pem' | 'pkcs12';
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
	/** Display name of the field the leaf came from (Certificate or PKCS#12 Bundle), for errors. */
	leafField?: string;
}

/** Display names of the credential fields, as errors name them. */
export const CERTIFICATE_FIELDS = {
	certificate: 'Certificate',
	privateKey: 'Private Key',
	passphrase: 'Passphrase',
	chain: 'Certificate Chain',
	pkcs12: 'PKCS#12 Bundle (Base64)',
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
	fieldTooLarge: 'CertificateFieldTooLarge',
	tooManyIterations: 'KeyDerivationTooCostly',
} as const;

export const F = CERTIFICATE_FIELDS;
export const E = CERTIFICATE_ERROR_CODES;

export const fail = (field: string, message: string, code: string): never => {
	throw new CredentialValidationError(field, message, code);
};
