/**
 * What the emulator remembers: who may sign (users and issued sessions), and every call it saw.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { ToolRoundTrip } from './agentModel';
import type { EmulatorConfig, EmulatorRole, EmulatorUser } from './options';
import { QuotaBook } from './quotas';

/** Which emulated service answered a call. */
export type ServiceName =
	| 'sts'
	| 'rolesanywhere'
	| 'bedrock'
	| 'bedrock-runtime'
	| 'bedrock-agent'
	| 'bedrock-agent-runtime';

/** One request the emulator received, recorded before it was answered. */
export interface RecordedCall {
	/** Request ID sent back in `x-amzn-RequestId` (and in the STS XML). */
	requestId: string;
	service: ServiceName;
	/** Operation name, for example `AssumeRole`, `CreateSession`, `Converse`; `Unknown` if none. */
	action: string;
	method: string;
	/** Path as received (still URL-encoded), without the query. */
	path: string;
	query: Record<string, string>;
	/** Request headers, names in lower case. */
	headers: Record<string, string>;
	/** Parsed body: form fields for STS, JSON for the others, the raw text if it did not parse. */
	body: unknown;
	/** Access key ID (SigV4) or certificate serial in decimal (Roles Anywhere) of the signer. */
	accessKeyId?: string;
	/** How the request authenticated: a SigV4 signature or an API key (`Authorization: Bearer`). */
	auth?: 'sigv4' | 'bearer';
	/** ARN of the authenticated caller, once the signature was verified. */
	principalArn?: string;
	/** Server clock when the request arrived. */
	time: Date;
	/** HTTP status answered (absent while pending, or when a fault dropped the connection). */
	status?: number;
	/** AWS error code answered, if any. */
	errorCode?: string;
	/** Error message answered, if any. */
	errorMessage?: string;
	/** Why a request was refused, in more detail than the service would say (for debugging). */
	reason?: string;
	/** The injected fault applied to this call, if any. */
	fault?: string;
	/** For model calls: the token usage the answer reports (Converse's `usage`). */
	usage?: Record<string, unknown>;
	/**
	 * For event stream answers: the type of each message actually sent, in order (`messageStart`,
	 * `chunk`, `trace`, … and a final exception type if one was sent).
	 */
	streamed?: string[];
}

/** Temporary credentials the emulator handed out. */
export interface IssuedSession {
	source: 'AssumeRole' | 'CreateSession';
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	issuedAt: Date;
	expiration: Date;
	roleArn: string;
	roleSessionName: string;
	/** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
	assumedRoleArn: string;
	/** `<role id>:<session name>` */
	assumedRoleId: string;
	/** Who asked: the caller's ARN (AssumeRole) or the Roles Anywhere subject ARN. */
	issuedTo: string;
	/** Whether the caller was itself a role session (role chaining). */
	chained: boolean;
	sourceIdentity?: string;
	/** AssumeRole's session tags, as sent. */
	tags?: Record<string, string>;
}

/** The identity behind a verified signature. */
export interface CallerIdentity {
	kind: 'user' | 'session';
	accessKeyId: string;
	/** User ARN or assumed-role ARN. */
	arn: string;
	/** IAM unique ID (`AIDA…`) or `<role id>:<session name>`. */
	userId: string;
	account: string;
	/** For sessions: the role they belong to. */
	roleArn?: string;
	session?: IssuedSession;
}

/** Result of looking up the secret behind an access key. */
export type KeyLookup =
	| { ok: true; secretAccessKey: string; identity: CallerIdentity }
	| { ok: false; problem: 'unknown-key' | 'bad-token' | 'expired'; reason: string };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Uppercase base32 text of a hash, for stable IAM-like unique IDs. */
const stableId = (prefix: string, seed: string, length = 17): string => {
	const digest = createHash('sha256').update(seed).digest();
	let out = prefix;
	for (let i = 0; out.length < prefix.length + length; i++) out += ALNUM[digest[i] % 32];
	return out;
};

const randomChars = (alphabet: string, length: number): string => {
	const bytes = randomBytes(length);
	let out = '';
	for (const b of bytes) out += alphabet[b % alphabet.length];
	return out;
};

/** Account ID of an ARN (`arn:partition:service:region:account:resource`). */
export const arnAccount = (arn: string): string => arn.split(':')[4] ?? '';

/** The last path element of a role ARN: `arn:aws:iam::1:role/path/Name` → `Name`. */
export const roleName = (roleArn: string): string => roleArn.split('/').pop() ?? roleArn;

/** Stable IAM unique ID of a user. */
export const userUniqueId = (user: EmulatorUser): string => stableId('AIDA', user.arn);

/** Stable IAM unique ID of a role. */
export const roleUniqueId = (role: EmulatorRole): string => stableId('AROA', role.arn);

/** Users, sessions and calls of one emulator. */
export class EmulatorState {
	readonly calls: RecordedCall[] = [];
	readonly sessions = new Map<string, IssuedSession>();
	/** Tool calls the Converse model asked for (agent rule), with the results that came back. */
	readonly toolRoundTrips: ToolRoundTrip[] = [];
	/** Per-model request and token quotas; none unless set. */
	readonly quotas = new QuotaBook();

	constructor(readonly config: EmulatorConfig) {
		this.quotas.set(config.quotas);
	}

	now(): Date {
		return this.config.now();
	}

	findRole(arn: string): EmulatorRole | undefined {
		return this.config.roles.find((r) => r.arn === arn);
	}

	/** Finds the secret for an access key and checks the session token that came with it. */
	lookupKey(accessKeyId: string, sessionToken: string | undefined): KeyLookup {
		const user = this.config.users.find((u) => u.accessKeyId === accessKeyId);
		if (user) {
			if (sessionToken !== undefined) {
				return {
					ok: false,
					problem: 'bad-token',
					reason: 'session token sent with a long-term key',
				};
			}
			return {
				ok: true,
				secretAccessKey: user.secretAccessKey,
				identity: {
					kind: 'user',
					accessKeyId,
					arn: user.arn,
					userId: userUniqueId(user),
					account: arnAccount(user.arn),
				},
			};
		}
		const session = this.sessions.get(accessKeyId);
		if (!session) return { ok: false, problem: 'unknown-key', reason: 'unknown access key' };
		if (sessionToken === undefined) {
			return {
				ok: false,
				problem: 'bad-token',
				reason: 'temporary key sent without session token',
			};
		}
		if (sessionToken !== session.sessionToken) {
			return { ok: false, problem: 'bad-token', reason: 'session token does not match the key' };
		}
		if (session.expiration.getTime() <= this.now().getTime()) {
			return {
				ok: false,
				problem: 'expired',
				reason: `session expired at ${session.expiration.toISOString()}`,
			};
		}
		return {
			ok: true,
			secretAccessKey: session.secretAccessKey,
			identity: {
				kind: 'session',
				accessKeyId,
				arn: session.assumedRoleArn,
				userId: session.assumedRoleId,
				account: arnAccount(session.roleArn),
				roleArn: session.roleArn,
				session,
			},
		};
	}

	/**
	 * Issues temporary credentials for a role. The lifetime is `durationSeconds`, shortened to
	 * `notAfter` when given, and replaced by `sessionLifetimeSeconds` when that is configured.
	 */
	issueSession(init: {
		source: IssuedSession['source'];
		role: EmulatorRole;
		roleSessionName: string;
		durationSeconds: number;
		issuedTo: string;
		chained: boolean;
		notAfter?: Date;
		sourceIdentity?: string;
		tags?: Record<string, string>;
	}): IssuedSession {
		const issuedAt = this.now();
		const lifetime = this.config.sessionLifetimeSeconds ?? init.durationSeconds;
		let expiresAt = issuedAt.getTime() + lifetime * 1000;
		if (init.notAfter && init.notAfter.getTime() < expiresAt) expiresAt = init.notAfter.getTime();
		const account = arnAccount(init.role.arn);
		const session: IssuedSession = {
			source: init.source,
			accessKeyId: 'ASIA' + randomChars(ALNUM, 16),
			secretAccessKey: randomBytes(30).toString('base64'),
			sessionToken: 'IQoJemulator' + randomBytes(96).toString('base64'),
			issuedAt,
			// AWS hands out whole seconds.
			expiration: new Date(Math.floor(expiresAt / 1000) * 1000),
			roleArn: init.role.arn,
			roleSessionName: init.roleSessionName,
			assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${roleName(init.role.arn)}/${init.roleSessionName}`,
			assumedRoleId: `${roleUniqueId(init.role)}:${init.roleSessionName}`,
			issuedTo: init.issuedTo,
			chained: init.chained,
			sourceIdentity: init.sourceIdentity,
			tags: init.tags,
		};
		this.sessions.set(session.accessKeyId, session);
		return session;
	}

	newRequestId(): string {
		return randomUUID();
	}
}
