import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { STSClient } from '@aws-sdk/client-sts';

import { credentialResolver } from '../auth/resolver';
import type { ConnectionConfig, Endpoints } from '../connection';
import { createRequestHandler, endpointUrl, type AwsService } from './http';

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
		load: async () => (await import('@aws-sdk/client-sts')).STSClient,
	},
	bedrock: {
		service: 'bedrock',
		endpoint: 'bedrock',
		load: async () => (await import('@aws-sdk/client-bedrock')).BedrockClient,
	},
	bedrockRuntime: {
		service: 'bedrock-runtime',
		endpoint: 'bedrockRuntime',
		load: async () => (await import('@aws-sdk/client-bedrock-runtime')).BedrockRuntimeClient,
	},
	bedrockAgent: {
		service: 'bedrock-agent',
		endpoint: 'bedrockAgent',
		load: async () => (await import('@aws-sdk/client-bedrock-agent')).BedrockAgentClient,
	},
	bedrockAgentRuntime: {
		service: 'bedrock-agent-runtime',
		endpoint: 'bedrockAgentRuntime',
		load: async () =>
			(await import('@aws-sdk/client-bedrock-agent-runtime')).BedrockAgentRuntimeClient,
	},
};

export interface ClientOptions {
	/** Region to call; default the connection's Bedrock region (STS: its auth region). */
	region?: string;
	/** Attempts per request including the first, with the SDK's adaptive retry. Default 3. */
	maxAttempts?: number;
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
	const key = `${connection.cacheKey}|${name}|${region}|${maxAttempts}`;
	let client = clients.get(key);
	if (!client) {
		if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
		client = createClient(name, connection, region, maxAttempts);
		clients.set(key, client);
		client.catch(() => clients.delete(key));
	}
	return (await client) as ClientTypes[K];
}

async function createClient(
	name: ClientName,
	connection: ConnectionConfig,
	region: string,
	maxAttempts: number,
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
		maxAttempts,
		retryMode: 'adaptive',
	});
}

/** Forgets every client (and the credentials the SDK memoised in them); for tests. */
export function clearClients(): void {
	clients.clear();
}
