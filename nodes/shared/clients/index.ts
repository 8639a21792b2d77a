import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { STSClient } from '@aws-sdk/client-sts';

import { AuthError } from '../auth/errors';
import { credentialResolver } from '../auth/resolver';
import type { ConnectionConfig } from '../auth/connection';
import { endpointUrl, type AwsService, type Endpoints } from '../transport/endpoints';
import { createRequestHandler } from '../transport/http';
import { retryAllButThrottling } from './retryStrategy';
import {
	bedrockAgentRuntimeSdk,
	bedrockAgentSdk,
	bedrockRuntimeSdk,
	bedrockSdk,
	stsSdk,
} from '../transport/sdk';

interface ClientTypes {
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

const MAX_CLIENTS = 500;
const clients = new Map<string, Promise<ClientTypes[ClientName]>>();

/**
 * One SDK client per (credential, service, region, retry setting), reused across items and
 * executions, signing with the shared resolver's cached credentials.
 */
export async function getClient<K extends ClientName>(
	name: K,
	connection: ConnectionConfig,
	options: ClientOptions = {},
): Promise<ClientTypes[K]> {
	if (connection.auth.kind === 'apiKey' && !BEARER_CLIENTS.has(name)) throw apiKeyNotAccepted(name);
	const region =
		options.region ?? (name === 'sts' ? connection.authRegion : connection.bedrockRegion);
	const maxAttempts = options.maxAttempts ?? 3;
	const retryThrottling = options.retryThrottling ?? true;
	const key = `${connection.cacheKey}|${name}|${region}|${maxAttempts}|${retryThrottling}`;
	let client = clients.get(key);
	if (client) {
		clients.delete(key); // most recently used goes last
	} else {
		if (clients.size >= MAX_CLIENTS) evictOldest();
		client = createClient(name, connection, region, maxAttempts, retryThrottling);
		client.catch(() => clients.delete(key));
	}
	clients.set(key, client);
	return (await client) as ClientTypes[K];
}

/** Drops the least recently used client and closes its idle sockets. */
function evictOldest(): void {
	const [key, client] = clients.entries().next().value as [
		string,
		Promise<ClientTypes[ClientName]>,
	];
	clients.delete(key);
	client.then((c) => c.destroy()).catch(() => undefined);
}

async function createClient(
	name: ClientName,
	connection: ConnectionConfig,
	region: string,
	maxAttempts: number,
	retryThrottling: boolean,
) {
	const spec = SERVICES[name];
	const Client = await spec.load();
	const endpoint = connection.endpoints[spec.endpoint];
	return new Client({
		region,
		endpoint,
		useFipsEndpoint: endpoint ? undefined : connection.useFips,
		...authSettings(connection),
		requestHandler: createRequestHandler(connection, endpointUrl(connection, spec.service, region)),
		...(retryThrottling
			? { maxAttempts, retryMode: 'adaptive' }
			: { retryStrategy: await retryAllButThrottling(maxAttempts) }),
	});
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
	return connection.auth.kind === 'apiKey'
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

/** Forgets every client (and the credentials the SDK memoised in them); for tests. */
export function clearClients(): void {
	clients.clear();
}
