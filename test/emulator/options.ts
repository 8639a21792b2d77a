/**
 * Options of the local AWS emulator and their defaults.
 *
 * Every field is optional: `startEmulator()` with no argument gives one IAM user, one role that
 * trusts it (with an External ID), and a Roles Anywhere trust anchor and profile built on the
 * test PKI in `test/fixtures/pki`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { QuotaSpec } from './quotas';
import type { IssuedSession } from './state';

/** An IAM user with a long-term access key. */
export interface EmulatorUser {
	/** Access key ID (`AKIA…`). */
	accessKeyId: string;
	/** Secret access key the emulator verifies signatures with. */
	secretAccessKey: string;
	/** User ARN, for example `arn:aws:iam::111122223333:user/n8n-test`. */
	arn: string;
}

/** An IAM role that STS AssumeRole and Roles Anywhere CreateSession can hand out. */
export interface EmulatorRole {
	/** Role ARN, for example `arn:aws:iam::111122223333:role/BedrockInvoker`. */
	arn: string;
	/** When set, AssumeRole must send exactly this `ExternalId`, else AccessDenied. */
	externalId?: string;
	/** Longest session AssumeRole may ask for, in seconds. Absent: 3600. */
	maxSessionDuration?: number;
	/**
	 * Principals allowed to call AssumeRole on this role: user ARNs, role ARNs (any session of that
	 * role), `arn:aws:iam::<account>:root` (everyone in the account), or `'*'` (everyone).
	 * Absent: nobody may assume it through STS (Roles Anywhere does not look at this list).
	 */
	trustedPrincipals?: string[] | '*';
}

/** A Roles Anywhere trust anchor: the CA certificates a signing certificate must chain to. */
export interface EmulatorTrustAnchor {
	/** Trust anchor ARN, named by `trustAnchorArn` in CreateSession. */
	arn: string;
	/** PEM text of the CA certificates of this anchor (one certificate per entry). */
	certificatesPem: string[];
}

/** A Roles Anywhere profile: which roles a session may get, for how long. */
export interface EmulatorProfile {
	/** Profile ARN, named by `profileArn` in CreateSession. */
	arn: string;
	/** Roles CreateSession may hand out through this profile. */
	roleArns: string[];
	/** Longest session CreateSession may ask for, in seconds. Absent: 3600. */
	durationSeconds?: number;
	/** Whether CreateSession may set `roleSessionName`. Absent: false (AccessDeniedException). */
	acceptRoleSessionName?: boolean;
}

/** A long-term Amazon Bedrock API key: a service-specific credential of an IAM user. */
export interface EmulatorApiKey {
	/** The key as generated (`ABSK…`). */
	key: string;
	/** ARN of the IAM user the key belongs to; deny rules name it. */
	userArn: string;
}

/** Refuses one action to one principal (or to everyone), like a missing IAM permission. */
export interface EmulatorDenyRule {
	/**
	 * Caller this rule applies to: a user ARN, an assumed-role session ARN, or a role ARN (all of
	 * its sessions). Absent: every caller.
	 */
	principalArn?: string;
	/** IAM action, for example `bedrock:InvokeModel` or `bedrock:ListInferenceProfiles`. */
	action: string;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
	/** TCP port on 127.0.0.1. Absent or 0: a free port chosen by the system. */
	port?: number;
	/** Account the default resources live in. Absent: `111122223333`. */
	accountId?: string;
	/** IAM users with long-term keys. Absent: {@link DEFAULT_USER} only. */
	users?: EmulatorUser[];
	/** IAM roles. Absent: {@link DEFAULT_ROLE} only. */
	roles?: EmulatorRole[];
	/** Roles Anywhere trust anchors. Absent: {@link DEFAULT_TRUST_ANCHOR_ARN} with the test CA. */
	trustAnchors?: EmulatorTrustAnchor[];
	/** Roles Anywhere profiles. Absent: {@link DEFAULT_PROFILE_ARN} allowing the default role. */
	profiles?: EmulatorProfile[];
	/**
	 * When set, every temporary credential issued from now on expires after this many seconds,
	 * whatever duration was asked for. Use it to test refresh. Absent: the requested duration.
	 */
	sessionLifetimeSeconds?: number;
	/**
	 * The server's clock: signature dates, session expiry and certificate validity are checked
	 * against it, and it is sent in the `Date` header. Absent: the system clock.
	 */
	now?: () => Date;
	/**
	 * Largest difference between a request's `X-Amz-Date` and the server clock, in seconds.
	 * Absent: 300.
	 */
	maxClockSkewSeconds?: number;
	/** Actions refused with AccessDenied(Exception). Absent: none. */
	deny?: EmulatorDenyRule[];
	/** Long-term Bedrock API keys Bedrock accepts. Absent: {@link DEFAULT_API_KEY} only. */
	apiKeys?: EmulatorApiKey[];
	/**
	 * The region the Bedrock endpoints serve for API-key calls (a SigV4 request names its region,
	 * a bearer token does not): a short-term key for another region is refused. Absent: us-east-1.
	 */
	apiKeyRegion?: string;
	/**
	 * Foundation model IDs this account has not been granted access to: Converse answers
	 * AccessDeniedException for them (also through an inference profile). Absent: none.
	 */
	modelAccessNotGranted?: string[];
	/**
	 * Wait between two events of an event stream answer (ConverseStream,
	 * InvokeModelWithResponseStream, InvokeAgent), in milliseconds, so a test can see events
	 * arrive before the stream ends. Absent: 0.
	 */
	streamDelayMs?: number;
	/**
	 * Most entries one page of ListKnowledgeBases / ListDataSources holds, whatever maxResults
	 * asks (AWS may answer with fewer and a nextToken). Absent: maxResults decides.
	 */
	knowledgeBasePageSize?: number;
	/**
	 * Per-model quotas (requests and tokens per minute) answered with ThrottlingException, as
	 * Bedrock does. Absent: none.
	 */
	quotas?: QuotaSpec[];
	/**
	 * Temporary credentials an earlier emulator handed out that stay valid here, as AWS keeps
	 * accepting a session until it expires (a test run that starts one emulator after another on
	 * the same port stands for one AWS). Absent: none.
	 */
	sessions?: IssuedSession[];
}

/** The account of every default resource. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** The default IAM user. */
export const DEFAULT_USER: Readonly<EmulatorUser> = Object.freeze({
	accessKeyId: 'AKIAEXAMPLEUSER00001',
	secretAccessKey: 'emulator/user/secret/EXAMPLEKEY0000000000001',
	arn: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:user/n8n-test`,
});

/** The External ID the default role requires. */
export const DEFAULT_EXTERNAL_ID = 'ext-123456';

/** The secret part of the default long-term API key. */
export const DEFAULT_API_KEY_SECRET = 'emulator/apikey/secret/EXAMPLEKEY00000000000000001=';

/** The default long-term Bedrock API key, of the IAM user `BedrockAPIKey-emu1`. */
export const DEFAULT_API_KEY: Readonly<EmulatorApiKey> = Object.freeze({
	key: `ABSK${Buffer.from(`BedrockAPIKey-emu1-at-${DEFAULT_ACCOUNT_ID}:${DEFAULT_API_KEY_SECRET}`).toString('base64')}`,
	userArn: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:user/BedrockAPIKey-emu1`,
});

/** ARN of the default role. */
export const DEFAULT_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/BedrockInvoker`;

/** The default role: trusts the default user, requires {@link DEFAULT_EXTERNAL_ID}, up to 12 h. */
export const DEFAULT_ROLE: Readonly<EmulatorRole> = Object.freeze({
	arn: DEFAULT_ROLE_ARN,
	externalId: DEFAULT_EXTERNAL_ID,
	maxSessionDuration: 43200,
	trustedPrincipals: [DEFAULT_USER.arn],
});

/** ARN of the default Roles Anywhere trust anchor. */
export const DEFAULT_TRUST_ANCHOR_ARN =
	'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a1b2c3d4-0000-4000-8000-000000000001';

/** ARN of the default Roles Anywhere profile. */
export const DEFAULT_PROFILE_ARN =
	'arn:aws:rolesanywhere:us-east-1:111122223333:profile/a1b2c3d4-0000-4000-8000-000000000002';

/** Folder of the test PKI (certificates and keys made by `generate.sh`). */
export const PKI_DIR = join(__dirname, '..', 'fixtures', 'pki');

/** Reads one PEM file of the test PKI, for example `pkiPem('rsa.cert.pem')`. */
export const pkiPem = (file: string): string => readFileSync(join(PKI_DIR, file), 'utf8');

/** Options after defaults are applied; mutable, so a test may change them while running. */
export interface EmulatorConfig {
	accountId: string;
	users: EmulatorUser[];
	roles: EmulatorRole[];
	trustAnchors: EmulatorTrustAnchor[];
	profiles: EmulatorProfile[];
	sessionLifetimeSeconds: number | undefined;
	now: () => Date;
	maxClockSkewSeconds: number;
	deny: EmulatorDenyRule[];
	apiKeys: EmulatorApiKey[];
	apiKeyRegion: string;
	modelAccessNotGranted: string[];
	streamDelayMs: number;
	knowledgeBasePageSize: number | undefined;
	quotas: QuotaSpec[];
}

/** Applies the defaults to the given options. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
	return {
		accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
		users: (options.users ?? [DEFAULT_USER]).map((u) => ({ ...u })),
		roles: (options.roles ?? [DEFAULT_ROLE]).map((r) => ({
			...r,
			trustedPrincipals: Array.isArray(r.trustedPrincipals)
				? [...r.trustedPrincipals]
				: r.trustedPrincipals,
		})),
		trustAnchors: options.trustAnchors ?? [
			{ arn: DEFAULT_TRUST_ANCHOR_ARN, certificatesPem: [pkiPem('ca.cert.pem')] },
		],
		profiles: options.profiles ?? [
			{ arn: DEFAULT_PROFILE_ARN, roleArns: [DEFAULT_ROLE_ARN], acceptRoleSessionName: true },
		],
		sessionLifetimeSeconds: options.sessionLifetimeSeconds,
		now: options.now ?? (() => new Date()),
		maxClockSkewSeconds: options.maxClockSkewSeconds ?? 300,
		deny: [...(options.deny ?? [])],
		apiKeys: (options.apiKeys ?? [DEFAULT_API_KEY]).map((k) => ({ ...k })),
		apiKeyRegion: options.apiKeyRegion ?? 'us-east-1',
		modelAccessNotGranted: [...(options.modelAccessNotGranted ?? [])],
		streamDelayMs: options.streamDelayMs ?? 0,
		knowledgeBasePageSize: options.knowledgeBasePageSize,
		quotas: [...(options.quotas ?? [])],
	};
}
