import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { STSClient } from '@aws-sdk/client-sts';

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
		credentials: credentialResolver.providerFor(connection),
		requestHandler: createRequestHandler(connection, endpointUrl(connection, spec.service, region)),
		...(retryThrottling
			? { maxAttempts, retryMode: 'adaptive' }
			: { retryStrategy: await retryAllButThrottling(maxAttempts) }),
	});
}

/** Forgets every client (and the credentials the SDK memoised in them); for tests. */
export function clearClients(): void {
	clients.clear();
}
