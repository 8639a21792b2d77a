/**
 * Credential data as n8n decrypts it -> a validated ConnectionConfig, before any network call:
 * regions (auth region "auto" = the Bedrock region), partition, endpoints, timeouts, and the
 * `auth` part each credential kind reads in its own file. Every error names the field at fault,
 * and every field is checked: all problems are reported together.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Endpoints } from '../../transport/endpoints';
import { partitionOf, type Partition } from '../../transport/regions';
import { CredentialValidationError, ValidationProblems } from '../errors';
import {
	CREDENTIAL_KINDS,
	CREDENTIAL_TYPES,
	kindOfType,
	type AuthConfig,
	type CredentialKind,
} from '../kinds';
import type { AccessKeys } from './accessKeys';
import { endpoints, timeout } from './fields';
import { chosenRegion, REGION_FIELDS } from './regions';

export { ALLOW_HOST_CREDENTIALS_ENV, N8N_SYSTEM_CREDENTIALS_ENV } from './assumeRole';
export { ALLOWED_ENDPOINT_HOSTS_ENV, endpointName } from './fields';
export { CREDENTIAL_TYPES };
export type { AccessKeys, AuthConfig, CredentialKind };

/** The name of an n8n credential type of this package (a key of CREDENTIAL_TYPES). */
export type CredentialTypeName = string;

/** A credential's data, validated and normalised; everything a client or provider needs. */
export interface ConnectionConfig {
	/**
	 * HMAC-SHA-256 of the canonical credential data, secrets included, under a per-process random
	 * key: the cache key, never a secret, and useless for testing guesses outside this process.
	 */
	cacheKey: string;
	bedrockRegion: string;
	/** STS or Roles Anywhere region; the Bedrock region when the credential says "same". */
	authRegion: string;
	partition: Partition;
	useFips: boolean;
	/** Milliseconds; undefined waits forever. */
	connectionTimeoutMs?: number;
	readTimeoutMs?: number;
	endpoints: Endpoints;
	auth: AuthConfig;
}

/**
 * Validates credential data and turns it into a ConnectionConfig, before any network call.
 * Every error names the field at fault and what to change; when several fields are at fault,
 * one CredentialValidationError lists them all (`problems`).
 */
export function toConnectionConfig(
	type: CredentialTypeName,
	data: ICredentialDataDecryptedObject,
	env: NodeJS.ProcessEnv = process.env,
	now: () => Date = () => new Date(),
): ConnectionConfig {
	const kind = kindOfType(type);
	if (!kind) throw new CredentialValidationError('Credential', `unknown credential type "${type}"`);
	const descriptor = CREDENTIAL_KINDS[kind];
	// A refusal no other field can change is reported alone, before the rest.
	descriptor.precheck?.(data, env);
	const problems = new ValidationProblems();
	const check = <T>(step: () => T) => problems.check(step);
	const bedrockRegion = check(() => chosenRegion(REGION_FIELDS.bedrock, data)) ?? 'us-east-1';
	const chosenAuthRegion = check(() => chosenRegion(REGION_FIELDS.auth, data));
	const authRegion = chosenAuthRegion ?? bedrockRegion;
	const partition = partitionOf(bedrockRegion);
	if (partitionOf(authRegion) !== partition) {
		check(() => {
			throw new CredentialValidationError(
				'Auth Region',
				`${authRegion} is in partition ${partitionOf(authRegion)} but Bedrock Region ${bedrockRegion} is in ${partition}; both must be in the same partition`,
				'PartitionMismatch',
			);
		});
	}
	const connectionTimeoutMs = check(() =>
		timeout('Connection Timeout (Milliseconds)', data.connectionTimeout, 10000),
	);
	const readTimeoutMs = check(() =>
		timeout('Read Timeout (Milliseconds)', data.readTimeout, 300000),
	);
	const customEndpoints =
		data.customEndpoints === true
			? check(() =>
					endpoints(data, {
						apiKey: descriptor.signing === 'bearer',
						hostIdentity: descriptor.usesHostIdentity?.(data) ?? false,
						env,
					}),
				)
			: {};
	const auth = descriptor.read(data, { bedrockRegion, authRegion, partition, env, now, check });
	problems.throwIfAny();
	return {
		cacheKey: cacheKeyOf(type, data),
		bedrockRegion,
		authRegion,
		partition,
		useFips: data.useFips === true,
		connectionTimeoutMs,
		readTimeoutMs,
		endpoints: customEndpoints ?? {},
		auth,
	};
}

/**
 * Drawn once per process: the caches are per process, so nothing needs the same key elsewhere.
 * An unsalted hash of the data would let anyone who saw a key test guesses of a weak secret
 * (an External ID) offline.
 */
const CACHE_KEY_SECRET = randomBytes(32);

/** HMAC-SHA-256 over every field of the credential, in a fixed key order, with its type. */
export function cacheKeyOf(type: string, data: ICredentialDataDecryptedObject): string {
	const canonical = JSON.stringify([
		type,
		Object.keys(data)
			.sort()
			.map((key) => [key, data[key]]),
	]);
	return createHmac('sha256', CACHE_KEY_SECRET).update(canonical).digest('hex');
}
