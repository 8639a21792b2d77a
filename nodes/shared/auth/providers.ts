/**
 * The one module that wires providers together: credential kind -> provider, with the STS client,
 * HTTP handler and certificate material each provider is given.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

import { endpointUrl } from '../transport/endpoints';
import { createRequestHandler } from '../transport/http';
import { ASSUME_ROLE, CREATE_SESSION } from '../transport/origin';
import { stsSdk } from '../transport/sdk';
import { endpointName, type AuthConfig, type ConnectionConfig } from './connection';
import type { RolesAnywhereAuth } from './connection/rolesAnywhere';
import { fromAssumeRole, type RoleAssumer } from './assumeRole';
import { AuthError } from './errors';
import { fromApiKey } from './apiKey';
import { hostChain } from './hostChain';
import type { AnyIdentityProvider, AwsCredentialIdentityProvider } from './identity';
import { withRetries } from './retry';
import { fromRolesAnywhere } from './rolesAnywhere';
import { loadCertificateMaterial, type CertificateMaterial } from './x509';

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

/** Options of {@link createProvider}. */
export interface ProviderOptions {
	/** Clock; default `new Date()`. */
	now?: () => Date;
	/** Default {@link AUTH_TIMEOUTS}. */
	authTimeouts?: AuthTimeouts;
}

/**
 * Builds the uncached provider for a validated connection. Certificate material is loaded (and
 * checked) here, in a worker thread, before any network call: a Roles Anywhere provider comes as
 * a promise, which rejects when the material is refused. Only the resolver calls this.
 */
export function createProvider(
	connection: ConnectionConfig,
	options: ProviderOptions = {},
): AnyIdentityProvider | Promise<AnyIdentityProvider> {
	const now = options.now ?? (() => new Date());
	const timeouts = options.authTimeouts ?? AUTH_TIMEOUTS;
	const { auth } = connection;
	if (auth.kind === 'rolesAnywhere') {
		return loadCertificateMaterial(auth.certificate, now()).then((material) =>
			withDeadline(
				rolesAnywhereProvider(connection, auth, material, now, timeouts),
				timeouts.totalTimeoutMs,
				auth.kind,
			),
		);
	}
	const provider = createUnboundedProvider(connection, auth, now, timeouts);
	return auth.kind === 'assumeRole'
		? withDeadline(provider, timeouts.totalTimeoutMs, auth.kind)
		: provider;
}

/** The HTTP handler of STS and Roles Anywhere calls: short timeouts, the credential's proxy. */
function authRequestHandler(
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
function withDeadline(
	provider: AnyIdentityProvider,
	ms: number,
	kind: string,
): AnyIdentityProvider {
	const origin = kind === 'rolesAnywhere' ? CREATE_SESSION : ASSUME_ROLE;
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

function createUnboundedProvider(
	connection: ConnectionConfig,
	auth: Exclude<AuthConfig, RolesAnywhereAuth>,
	now: () => Date,
	timeouts: AuthTimeouts,
): AnyIdentityProvider {
	const { authRegion } = connection;
	switch (auth.kind) {
		case 'accessKeys': {
			const identity = {
				accessKeyId: auth.accessKeyId,
				secretAccessKey: auth.secretAccessKey,
				sessionToken: auth.sessionToken,
			};
			return async () => identity;
		}
		case 'assumeRole': {
			const source = auth.source;
			const endpoint = endpointUrl(connection, 'sts', authRegion);
			return fromAssumeRole({
				roleArn: auth.roleArn,
				externalId: auth.externalId,
				roleSessionName: auth.roleSessionName,
				durationSeconds: auth.durationSeconds,
				now,
				roleAssumer: stsRoleAssumer({
					region: authRegion,
					endpoint: connection.endpoints.sts,
					useFipsEndpoint: connection.endpoints.sts ? undefined : connection.useFips,
					credentials:
						source.kind === 'hostChain'
							? hostChain(authRegion)
							: async () => ({
									accessKeyId: source.accessKeyId,
									secretAccessKey: source.secretAccessKey,
									sessionToken: source.sessionToken,
								}),
					requestHandler: authRequestHandler(connection, 'sts', endpoint, timeouts),
					maxAttempts: timeouts.maxAttempts,
				}),
			});
		}
		case 'apiKey':
			return fromApiKey({
				apiKey: auth.apiKey,
				expiresAt: auth.info.type === 'shortTerm' ? auth.info.expiresAt : undefined,
				now,
			});
	}
}

function rolesAnywhereProvider(
	connection: ConnectionConfig,
	auth: RolesAnywhereAuth,
	material: CertificateMaterial,
	now: () => Date,
	timeouts: AuthTimeouts,
): AnyIdentityProvider {
	const { authRegion } = connection;
	const endpoint = endpointUrl(connection, 'rolesanywhere', authRegion);
	// CreateSession is a plain HTTP call without the SDK's retry: add it (throttling, 5xx).
	return withRetries(
		fromRolesAnywhere({
			region: authRegion,
			endpoint,
			useFips: connection.useFips,
			trustAnchorArn: auth.trustAnchorArn,
			profileArn: auth.profileArn,
			roleArn: auth.roleArn,
			roleSessionName: auth.roleSessionName,
			durationSeconds: auth.durationSeconds,
			material,
			requestHandler: authRequestHandler(connection, 'rolesAnywhere', endpoint, timeouts),
			now,
		}),
		{ maxAttempts: timeouts.maxAttempts },
	);
}

/** The STS client settings of an AssumeRole credential: who calls, where, through what. */
interface StsClientSettings {
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
function stsRoleAssumer(settings: StsClientSettings): RoleAssumer {
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
