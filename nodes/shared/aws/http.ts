import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

import type { ConnectionConfig } from '../connection';

/**
 * The HTTP/1.1 handler behind every AWS call of a credential: its connection and read timeouts,
 * keep-alive sockets, and the host's HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the target URL, as
 * n8n's own requests honour them.
 */
export function createRequestHandler(
	connection: ConnectionConfig,
	targetUrl: string,
): NodeHttpHandler {
	const proxy = getProxyForUrl(targetUrl);
	const agentOptions = { keepAlive: true, maxSockets: 50 };
	return new NodeHttpHandler({
		connectionTimeout: connection.connectionTimeoutMs,
		// Read timeout = how long the socket may stay silent, streams included; requestTimeout
		// would bound the whole request (and only warn unless told to throw).
		socketTimeout: connection.readTimeoutMs,
		httpAgent: proxy ? new HttpProxyAgent(proxy, agentOptions) : new HttpAgent(agentOptions),
		httpsAgent: proxy ? new HttpsProxyAgent(proxy, agentOptions) : new HttpsAgent(agentOptions),
	});
}

export type AwsService =
	| 'sts'
	| 'rolesanywhere'
	| 'bedrock'
	| 'bedrock-runtime'
	| 'bedrock-agent'
	| 'bedrock-agent-runtime';

/** The endpoint a client will call: the override when set, else the public (or FIPS) one. */
export function endpointUrl(
	connection: ConnectionConfig,
	service: AwsService,
	region: string,
): string {
	const override = {
		sts: connection.endpoints.sts,
		rolesanywhere: connection.endpoints.rolesAnywhere,
		bedrock: connection.endpoints.bedrock,
		'bedrock-runtime': connection.endpoints.bedrockRuntime,
		'bedrock-agent': connection.endpoints.bedrockAgent,
		'bedrock-agent-runtime': connection.endpoints.bedrockAgentRuntime,
	}[service];
	if (override) return override;
	const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
	const host = connection.useFips ? `${service}-fips` : service;
	return `https://${host}.${region}.${suffix}`;
}
