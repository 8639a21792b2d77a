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

/**
 * Bad input, detected before any network call. When validation found several fields at fault,
 * one error holds them all: `problems` lists each (this error's field and code are the first's)
 * and the message has one line per problem.
 */
export class CredentialValidationError extends AuthError {
	// A private field: not copied by spreads or JSON (n8n serialises errors), so no cycle.
	#problems: readonly CredentialValidationError[] | undefined;

	constructor(field: string, message: string, code = 'InvalidCredentialField') {
		super('validation', `${field}: ${message}`, { field, code });
		this.name = 'CredentialValidationError';
	}

	/** Every problem found, each naming its field; just this one when there was one. */
	get problems(): readonly CredentialValidationError[] {
		return this.#problems ?? [this];
	}

	/** One error for the problems found, in the order found (at least one). */
	static of(problems: readonly CredentialValidationError[]): CredentialValidationError {
		if (problems.length === 1) return problems[0];
		const [first] = problems;
		const all = new CredentialValidationError(first.field!, '', first.code);
		all.message = problems.map((p) => p.message).join('\n');
		all.#problems = problems;
		return all;
	}
}

/**
 * Runs independent validation steps and keeps every problem instead of stopping at the first,
 * so a new credential with three wrong fields is told all three at once.
 */
export class ValidationProblems {
	private readonly found: CredentialValidationError[] = [];

	/** The step's result; undefined when it found a problem (kept for {@link throwIfAny}). */
	check<T>(step: () => T): T | undefined {
		try {
			return step();
		} catch (error) {
			if (!(error instanceof CredentialValidationError)) throw error;
			this.found.push(...error.problems);
			return undefined;
		}
	}

	/** Whether a step found a problem so far. */
	get any(): boolean {
		return this.found.length > 0;
	}

	/** Throws one CredentialValidationError holding every problem found, if there was one. */
	throwIfAny(): void {
		if (this.found.length > 0) throw CredentialValidationError.of(this.found);
	}
}
