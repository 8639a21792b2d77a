/**
 * Errors raised while turning credential data into AWS credentials.
 *
 * Messages name fields, ARNs and AWS error codes, never a secret: no access key secret, session
 * token, private key, PKCS#12 password or passphrase may appear in `message`, `advice` or any
 * other property.
 */

import type { AwsService } from '../transport/endpoints';

/** Which step failed: checking the input before any call, or the call to STS / Roles Anywhere. */
export type AuthErrorStage = 'validation' | 'authentication';

export interface AuthErrorDetails {
	/**
	 * The service called (`sts`, `rolesanywhere`); set on every error of a credential fetch.
	 * Absent on validation errors, which happen before a service is chosen.
	 */
	service?: AwsService;
	/** The operation called (`AssumeRole`, `CreateSession`); set with `service`. */
	operation?: string;
	/** The credential field at fault (its display name), for validation errors. */
	field?: string;
	/** AWS error code (`AccessDenied`, `ExpiredTokenException`…) or our own code (`InvalidArn`…). */
	code?: string;
	/** What to change, in the words of the AWS console. */
	advice?: string;
	/** AWS request ID, kept for support cases. */
	requestId?: string;
	/** HTTP status of the AWS answer, when there was one. */
	httpStatus?: number;
}

export class AuthError extends Error {
	readonly stage: AuthErrorStage;
	readonly service?: AwsService;
	readonly operation?: string;
	readonly field?: string;
	readonly code?: string;
	readonly advice?: string;
	readonly requestId?: string;
	readonly httpStatus?: number;

	constructor(stage: AuthErrorStage, message: string, details: AuthErrorDetails = {}) {
		super(message);
		this.name = 'AuthError';
		this.stage = stage;
		Object.assign(this, details);
	}
}

/** Bad input, detected before any network call. */
export class CredentialValidationError extends AuthError {
	constructor(field: string, message: string, code = 'InvalidCredentialField') {
		super('validation', `${field}: ${message}`, { field, code });
		this.name = 'CredentialValidationError';
	}
}
