import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Partition } from '../../transport/regions';

/** What every credential kind's reader gets besides the credential data. */
export interface KindContext {
	/** The validated Bedrock region. */
	bedrockRegion: string;
	/** The validated auth region (STS or Roles Anywhere). */
	authRegion: string;
	/** The partition of the regions, for ARN checks. */
	partition: Partition;
	/** The n8n process environment (admin switches). */
	env: NodeJS.ProcessEnv;
	/** The clock expiry checks read. */
	now: () => Date;
	/**
	 * Runs one validation step; a problem it finds is kept (every problem is reported together
	 * after all fields are read) and the step returns undefined.
	 */
	check<T>(step: () => T): T | undefined;
}

/**
 * One kind of credential: how its fields become the `auth` part of a ConnectionConfig. Adding a credential kind is one file with one of these and one line in
 * `index.ts`.
 */
export interface CredentialKindReader<Auth extends { kind: string }> {
	/**
	 * Refusals that matter more than any other field (an admin switch that is off), run before the
	 * shared fields are read so the Test shows them first. Absent: nothing to refuse early.
	 */
	precheck?(data: ICredentialDataDecryptedObject, env: NodeJS.ProcessEnv): void;
	/**
	 * Validates the kind's fields before any network call, each independent field in its own
	 * `context.check` so that all problems are found; errors name the field. The result is used
	 * only when no step found a problem.
	 */
	read(data: ICredentialDataDecryptedObject, context: KindContext): Auth;
}
