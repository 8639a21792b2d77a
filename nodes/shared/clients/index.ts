import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { STSClient } from '@aws-sdk/client-sts';

import { AuthError } from '../auth/errors';
import { credentialResolver } from '../auth/resolver';
import { endpointName, type ConnectionConfig } from '../auth/connection';
import { signsWithBearer } from '../auth/kinds';
import { endpointUrl, type AwsService, type Endpoints } from '../transport/endpoints';
import { createRequestHandler, type RetirableHttpHandler } from '../transport/http';
import { partitionOf, REGION_PATTERN, type Partition } from '../transport/regions';
import { retryRefusedSession } from './refusedSession';
import { retryAllButThrottling } from './retryStrategy';
import {
	bedrockAgentRuntimeSdk,
	bedrockAgentSdk,
	bedrockRuntimeSdk,
	bedrockSdk,
	stsSdk,
} from '../transport/sdk';

export interface ClientTypes {
	sts: STSClient;
	bedrock: BedrockClient;
	bedrockRuntime: BedrockRuntimeClient;
	bedrockAgent: BedrockAgentClient;
	bedrockAgentRuntime: BedrockAgentRuntimeClient;
}

export type ClientName = keyof ClientTypes;

type ClientConstructor = new (config: Record<string, unknown>) => ClientTypes[ClientName];

/** The SDK is loaded on first use, so loading a node description stays cheap. */
const SERVICES: Record<
	ClientName,
	{ service: AwsService; endpoint: keyof Endpoints; load: () => Promise<ClientConstructor> }
> = {
	sts: {
		service: 'sts',
		endpoint: 'sts',
		load: async () => (await stsSdk()).STSClient,
	},
	bedrock: {
		service: 'bedrock',
		endpoint: 'bedrock',
		load: async () => (await bedrockSdk()).BedrockClient,
	},
	bedrockRuntime: {
		service: 'bedrock-runtime',
		endpoint: 'bedrockRuntime',
		load: async () => (await bedrockRuntimeSdk()).BedrockRuntimeClient,
	},
	bedrockAgent: {
		service: 'bedrock-agent',
		endpoint: 'bedrockAgent',
		load: async () => (await bedrockAgentSdk()).BedrockAgentClient,
	},
	bedrockAgentRuntime: {
		service: 'bedrock-agent-runtime',
		endpoint: 'bedrockAgentRuntime',
		load: async () => (await bedrockAgentRuntimeSdk()).BedrockAgentRuntimeClient,
	},
};

export interface ClientOptions {
	/** Region to call; default the connection's Bedrock region (STS: its auth region). */
	region?: string;
	/** Attempts per request including the first, with the SDK's adaptive retry. Default 3. */
	maxAttempts?: number;
	/**
	 * Whether the SDK retries ThrottlingException itself (its adaptive mode). False when the
	 * item loop's quota limiter handles throttling: the SDK then retries only other transient
	 * errors, and a throttle reaches the limiter at once. Default true.
	 */
	retryThrottling?: boolean;
}

/** The clients AWS lets an Amazon Bedrock API key call (bearer auth); the others need SigV4. */
const BEARER_CLIENTS: ReadonlySet<ClientName> = new Set(['bedrock', 'bedrockRuntime']);

/** What to use instead of an API key, in the names n8n shows for our credential types. */
export const IAM_CREDENTIAL_NAMES =
	'Amazon Bedrock (Access Keys) API, Amazon Bedrock (Assume Role) API or Amazon Bedrock (IAM Roles Anywhere) API';

const API_KEY_REFUSED: Partial<Record<ClientName, string>> = {
	sts: 'AWS STS',
	bedrockAgent: 'Agents for Amazon Bedrock (agent and knowledge base lists)',
	bedrockAgentRuntime: 'Agents for Amazon Bedrock Runtime (Invoke Agent, knowledge base Retrieve)',
};

/**
 * The refusal of a client an API key cannot authorise, before any call: AWS accepts API keys
 * only for Amazon Bedrock and Amazon Bedrock Runtime, never for the agents services.
 */
export function apiKeyNotAccepted(name: ClientName): AuthError {
	return new AuthError(
		'validation',
		`An Amazon Bedrock API key cannot call ${API_KEY_REFUSED[name] ?? name}: AWS accepts API keys only for Amazon Bedrock and Amazon Bedrock Runtime`,
		{
			service: SERVICES[name].service,
			code: 'ApiKeyNotAccepted',
			advice: `Use an ${IAM_CREDENTIAL_NAMES} credential for this operation.`,
		},
	);
}

/** Most clients kept in all; the least recently used goes first. */
const MAX_CLIENTS = 500;
/**
 * Most clients one credential may hold: its services, a few regions and retry settings. A
 * workflow that varies region or Max Attempts churns its own credential's clients, never others'.
 */
const MAX_CLIENTS_PER_CREDENTIAL = 32;
/** Max Attempts as the form allows it (1–10); a value from an expression is clamped to it. */
export const MAX_ATTEMPTS_LIMIT = 10;
const DEFAULT_MAX_ATTEMPTS = 3;
/** The longest region quoted back in a refusal. */
const QUOTED_REGION_CHARS = 64;

interface CachedClient {
	client: Promise<ClientTypes[ClientName]>;
	/** The credential's cache key, for its share of the cache. */
	credential: string;
	/** Closes the client's sockets once its requests in flight have ended. */
	handler: RetirableHttpHandler;
}

const clients = new Map<string, CachedClient>();
const clientsPerCredential = new Map<string, number>();

/**
 * One SDK client per (credential, service, region, retry setting), reused across items and
 * executions, signing with the shared resolver's cached credentials. Region and Max Attempts
 * can come from a workflow (a model ARN, an expression): the region must be a region code of the
 * credential's partition and Max Attempts is clamped to 1–10, before either becomes part of a
 * key. Evicting a client never cuts its requests: its sockets close when the last one ends.
 */
export async function getClient<K extends ClientName>(
	name: K,
	connection: ConnectionConfig,
	options: ClientOptions = {},
): Promise<ClientTypes[K]> {
	if (signsWithBearer(connection) && !BEARER_CLIENTS.has(name)) throw apiKeyNotAccepted(name);
	const region = checkedRegion(
		options.region ?? (name === 'sts' ? connection.authRegion : connection.bedrockRegion),
		connection.partition,
	);
	const maxAttempts = clampedAttempts(options.maxAttempts);
	const retryThrottling = options.retryThrottling ?? true;
	const key = `${connection.cacheKey}|${name}|${region}|${maxAttempts}|${retryThrottling}`;
	let cached = clients.get(key);
	if (cached) {
		clients.delete(key); // most recently used goes last
		clients.set(key, cached);
	} else {
		cached = add(key, connection.cacheKey, name, connection, region, maxAttempts, retryThrottling);
	}
	return (await cached.client) as ClientTypes[K];
}

function add(
	key: string,
	credential: string,
	name: ClientName,
	connection: ConnectionConfig,
	region: string,
	maxAttempts: number,
	retryThrottling: boolean,
): CachedClient {
	const held = clientsPerCredential.get(credential) ?? 0;
	if (held >= MAX_CLIENTS_PER_CREDENTIAL) evictOldest(credential);
	else if (clients.size >= MAX_CLIENTS) evictOldest();
	const spec = SERVICES[name];
	const handler = createRequestHandler(
		connection,
		endpointUrl(connection, spec.service, region),
		endpointName(connection, spec.endpoint),
	);
	const cached: CachedClient = {
		client: createClient(name, connection, region, maxAttempts, retryThrottling, handler),
		credential,
		handler,
	};
	clients.set(key, cached);
	clientsPerCredential.set(credential, (clientsPerCredential.get(credential) ?? 0) + 1);
	cached.client.catch(() => {
		if (clients.get(key) === cached) remove(key, cached);
	});
	return cached;
}

/** Drops the least recently used client (of one credential, when given) and retires it. */
function evictOldest(credential?: string): void {
	for (const [key, cached] of clients) {
		if (credential !== undefined && cached.credential !== credential) continue;
		remove(key, cached);
		return;
	}
}

function remove(key: string, cached: CachedClient): void {
	clients.delete(key);
	const left = (clientsPerCredential.get(cached.credential) ?? 1) - 1;
	if (left > 0) clientsPerCredential.set(cached.credential, left);
	else clientsPerCredential.delete(cached.credential);
	cached.handler.retire();
}

/** Max Attempts from the form or an expression, as a whole number from 1 to 10; default 3. */
function clampedAttempts(value: unknown): number {
	const attempts = Math.floor(Number(value ?? DEFAULT_MAX_ATTEMPTS));
	if (Number.isNaN(attempts)) return DEFAULT_MAX_ATTEMPTS;
	return Math.min(MAX_ATTEMPTS_LIMIT, Math.max(1, attempts));
}

/** A region code of the connection's partition; anything else is refused before a client exists. */
function checkedRegion(region: string, partition: Partition): string {
	const quoted =
		region.length > QUOTED_REGION_CHARS ? `${region.slice(0, QUOTED_REGION_CHARS)}…` : region;
	if (region.length > QUOTED_REGION_CHARS || !REGION_PATTERN.test(region)) {
		throw new AuthError(
			'validation',
			`Region "${quoted}" is not a region code; expected lowercase words and a number joined by dashes, like us-east-1`,
			{ code: 'InvalidRegion' },
		);
	}
	if (partitionOf(region) !== partition) {
		throw new AuthError(
			'validation',
			`Region ${region} is in partition ${partitionOf(region)}, but the credential's regions are in ${partition}; use a model or region of ${partition}, or a credential for ${partitionOf(region)}`,
			{ code: 'InvalidRegion' },
		);
	}
	return region;
}

async function createClient(
	name: ClientName,
	connection: ConnectionConfig,
	region: string,
	maxAttempts: number,
	retryThrottling: boolean,
	requestHandler: RetirableHttpHandler,
) {
	const spec = SERVICES[name];
	const Client = await spec.load();
	const endpoint = connection.endpoints[spec.endpoint];
	const client = new Client({
		region,
		endpoint,
		useFipsEndpoint: endpoint ? undefined : connection.useFips,
		...authSettings(connection),
		requestHandler,
		...(retryThrottling
			? { maxAttempts, retryMode: 'adaptive' }
			: { retryStrategy: await retryAllButThrottling(maxAttempts) }),
	});
	if (!signsWithBearer(connection)) retryRefusedSession(client.middlewareStack, connection);
	return client;
}

/**
 * The auth scheme, pinned whatever the n8n host says. Left to themselves, the Bedrock clients
 * prefer bearer auth when the host has AWS_BEARER_TOKEN_BEDROCK (or AWS_AUTH_SCHEME_PREFERENCE,
 * or auth_scheme_preference in a shared config file), and then send the host's token: any n8n
 * credential would act as the n8n host. So every client gets its preference set explicitly and
 * both identity providers from us: the one it must not use refuses, so no default chain or
 * environment variable is ever asked.
 */
function authSettings(connection: ConnectionConfig) {
	const refuse = (wanted: string) => async () => {
		throw new AuthError('validation', `This credential does not provide ${wanted}`, {
			code: 'AuthSchemeMismatch',
		});
	};
	return signsWithBearer(connection)
		? {
				authSchemePreference: ['httpBearerAuth'],
				token: credentialResolver.tokenFor(connection),
				credentials: refuse('SigV4 credentials'),
			}
		: {
				authSchemePreference: ['sigv4'],
				credentials: credentialResolver.providerFor(connection),
				token: refuse('a bearer token'),
			};
}

/** Forgets every client, each retired once its requests end; for tests. */
export function clearClients(): void {
	for (const [key, cached] of clients) remove(key, cached);
}
