/**
 * What the providers of the credential kinds are built with (auth/kinds/): the authentication
 * timeouts, the HTTP handler of STS and Roles Anywhere calls, a deadline for a whole fetch, and
 * the STS client that assumes a role.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

import { createRequestHandler } from '../transport/http';
import { type ErrorOrigin } from '../transport/origin';
import { stsSdk } from '../transport/sdk';
import type { RoleAssumer } from './assumeRole';
import type { ConnectionConfig } from './connection';
import { endpointName } from './connection/fields';
import { AuthError } from './errors';
import type { AnyIdentityProvider, AwsCredentialIdentityProvider } from './identity';

/**
 * Timeouts of the calls that fetch credentials (STS, Roles Anywhere), independent of the
 * credential's Bedrock timeouts: a model may take minutes to answer, STS never should.
 */
export interface AuthTimeouts {
	/** Longest wait for the TCP/TLS connection; the credential's own is used when shorter. */
	connectionTimeoutMs: number;
	/**
	 * Longest one attempt may take; the socket may stay silent as long, or for the credential's
	 * Read Timeout when that is shorter (a long Read Timeout for models never lengthens it).
	 */
	attemptTimeoutMs: number;
	/** Attempts including the first (throttling, 5xx, timeouts and dropped connections). */
	maxAttempts: number;
	/** Longest a whole fetch may take, retries and backoff included. */
	totalTimeoutMs: number;
}

/** n8n core gives STS a few seconds; three attempts of at most 10 s, 25 s in all. */
export const AUTH_TIMEOUTS: Readonly<AuthTimeouts> = Object.freeze({
	connectionTimeoutMs: 5_000,
	attemptTimeoutMs: 10_000,
	maxAttempts: 3,
	totalTimeoutMs: 25_000,
});

/** What a credential kind's provider is built with, besides the connection. */
export interface ProviderContext {
	now: () => Date;
	timeouts: AuthTimeouts;
}

/** The HTTP handler of STS and Roles Anywhere calls: short timeouts, the credential's proxy. */
export function authRequestHandler(
	connection: ConnectionConfig,
	service: 'sts' | 'rolesAnywhere',
	endpoint: string,
	timeouts: AuthTimeouts,
): NodeHttpHandler {
	return createRequestHandler(
		{
			connectionTimeoutMs: Math.min(
				connection.connectionTimeoutMs ?? Infinity,
				timeouts.connectionTimeoutMs,
			),
			readTimeoutMs: Math.min(connection.readTimeoutMs ?? Infinity, timeouts.attemptTimeoutMs),
			requestTimeoutMs: timeouts.attemptTimeoutMs,
		},
		endpoint,
		endpointName(connection, service),
	);
}

/** Fails a fetch that takes longer than `ms` in all (a trickling answer, retries). */
export function withDeadline(
	provider: AnyIdentityProvider,
	ms: number,
	origin: ErrorOrigin,
): AnyIdentityProvider {
	return async () => {
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(
				() =>
					reject(
						new AuthError(
							'authentication',
							`${origin.operation} did not finish within ${ms / 1000} s (the authentication time limit)`,
							{ ...origin, code: 'TimeoutError' },
						),
					),
				ms,
			);
		});
		try {
			return await Promise.race([provider(), deadline]);
		} finally {
			clearTimeout(timer);
		}
	};
}

/** The STS client settings of an AssumeRole credential: who calls, where, through what. */
export interface StsClientSettings {
	region: string;
	/** Endpoint override (VPC endpoint, emulator). Absent: the SDK's regional endpoint. */
	endpoint?: string;
	useFipsEndpoint?: boolean;
	/** The source identity that calls AssumeRole: access keys or the host's default chain. */
	credentials: AwsCredentialIdentityProvider;
	/** The authentication timeouts and the credential's proxy. */
	requestHandler: NodeHttpHandler;
	/** Attempts including the first. */
	maxAttempts: number;
}

/**
 * AssumeRole through an STS client built on first use (the SDK loads lazily) and reused. The
 * answer's `Date` header is passed on, so expirations can be read on the server's clock.
 */
export function stsRoleAssumer(settings: StsClientSettings): RoleAssumer {
	let client: Promise<STSClient> | undefined;
	let serverDate: string | undefined;
	return async (params) => {
		client ??= stsSdk().then(({ STSClient }) => {
			// SigV4 pinned: no host setting (AWS_AUTH_SCHEME_PREFERENCE) picks another scheme.
			const sts = new STSClient({ ...settings, authSchemePreference: ['sigv4'] });
			sts.middlewareStack.add(
				(next) => async (args) => {
					const result = await next(args);
					const headers = (result.response as { headers?: Record<string, string> }).headers;
					serverDate = headers?.date ?? headers?.Date;
					return result;
				},
				{ step: 'deserialize', name: 'n8nBedrockServerDate' },
			);
			return sts;
		});
		const { AssumeRoleCommand } = await stsSdk();
		serverDate = undefined;
		const output = await (await client).send(new AssumeRoleCommand(params));
		const date = serverDate ? new Date(serverDate) : undefined;
		return { ...output, serverDate: date && !Number.isNaN(date.getTime()) ? date : undefined };
	};
}
