import { dnsSuffixOf, partitionOf } from './regions';

/** Endpoint overrides of a credential (VPC endpoints, the emulator); absent: the public endpoint. */
export interface Endpoints {
	sts?: string;
	rolesAnywhere?: string;
	bedrock?: string;
	bedrockRuntime?: string;
	bedrockAgent?: string;
	bedrockAgentRuntime?: string;
}

/** What {@link endpointUrl} reads of a connection. */
export interface EndpointSettings {
	endpoints: Endpoints;
	useFips: boolean;
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
	connection: EndpointSettings,
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
	const suffix = dnsSuffixOf(partitionOf(region));
	const host = connection.useFips ? `${service}-fips` : service;
	return `https://${host}.${region}.${suffix}`;
}
