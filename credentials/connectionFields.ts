import type { INodeProperties } from 'n8n-workflow';

import { BEDROCK_REGIONS, OTHER_REGION } from '../nodes/shared/transport/regions';

const regionOptions = BEDROCK_REGIONS.map(({ value, name }) => ({
	name: `${name} - ${value}`,
	value,
}));

// Saved credentials from before "Other" existed keep a listed region and may hold a custom one,
// now hidden: a non-empty custom region still wins (nodes/shared/auth/connection/regions.ts).
const otherRegionOption = { name: 'Other (Type a Region)', value: OTHER_REGION };

const authRegionFields: INodeProperties[] = [
	{
		displayName: 'Auth Region',
		name: 'authRegion',
		type: 'options',
		options: [
			{ name: 'Same as Bedrock Region', value: 'auto' },
			...regionOptions,
			otherRegionOption,
		],
		default: 'auto',
		hint: 'Region of the STS (or IAM Roles Anywhere) endpoint that authenticates you and issues the temporary credentials',
	},
	{
		displayName: 'Auth Custom Region',
		name: 'authCustomRegion',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. eu-central-2',
		hint: 'A region code not in the list, lowercase with dashes',
		displayOptions: { show: { authRegion: [OTHER_REGION] } },
	},
];

/** Regions, timeouts and endpoints: the connection fields every credential type shares. */
export const connectionFields: INodeProperties[] = [
	{
		displayName: 'Bedrock Region',
		name: 'region',
		type: 'options',
		options: [...regionOptions, otherRegionOption],
		default: 'us-east-1',
		hint: 'Region where Bedrock models, agents and knowledge bases are called',
	},
	{
		displayName: 'Bedrock Custom Region',
		name: 'customRegion',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. us-west-1',
		hint: 'A region code not in the list, lowercase with dashes',
		displayOptions: { show: { region: [OTHER_REGION] } },
	},
	...authRegionFields,
	{
		displayName: 'Connection Timeout (Milliseconds)',
		name: 'connectionTimeout',
		type: 'number',
		default: 10000,
		hint: 'How long to wait for a TCP/TLS connection to AWS; 0 or -1 waits forever',
	},
	{
		displayName: 'Read Timeout (Milliseconds)',
		name: 'readTimeout',
		type: 'number',
		default: 300000,
		hint: 'How long a connection may stay silent while waiting for (more of) an answer; 300000 is 5 minutes. Long generations without streaming need minutes; 0 or -1 waits forever.',
	},
	{
		displayName: 'Use FIPS Endpoints',
		name: 'useFips',
		type: 'boolean',
		default: false,
		hint: 'Call the FIPS 140 validated endpoints of each service',
	},
	{
		displayName: 'Custom Endpoints',
		name: 'customEndpoints',
		type: 'boolean',
		default: false,
		hint: 'Call VPC endpoints or another endpoint instead of the public ones',
	},
	...(
		[
			['STS Endpoint', 'stsEndpoint', 'https://sts.us-east-1.amazonaws.com'],
			['Bedrock Endpoint', 'bedrockEndpoint', 'https://bedrock.us-east-1.amazonaws.com'],
			[
				'Bedrock Runtime Endpoint',
				'bedrockRuntimeEndpoint',
				'https://bedrock-runtime.us-east-1.amazonaws.com',
			],
			[
				'Bedrock Agent Endpoint',
				'bedrockAgentEndpoint',
				'https://bedrock-agent.us-east-1.amazonaws.com',
			],
			[
				'Bedrock Agent Runtime Endpoint',
				'bedrockAgentRuntimeEndpoint',
				'https://bedrock-agent-runtime.us-east-1.amazonaws.com',
			],
		] as const
	).map(([displayName, name, placeholder]) => endpointField(displayName, name, placeholder)),
];

function endpointField(displayName: string, name: string, placeholder: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
		hint: 'Leave empty for the public endpoint of the region',
		displayOptions: { show: { customEndpoints: [true] } },
	};
}

/** Only the Roles Anywhere credential calls CreateSession. */
export const rolesAnywhereEndpointField = endpointField(
	'Roles Anywhere Endpoint',
	'rolesAnywhereEndpoint',
	'https://rolesanywhere.us-east-1.amazonaws.com',
);

/**
 * Role session name and duration, shared by AssumeRole and Roles Anywhere: the same fields with
 * the same defaults (an empty session name), each hint saying what empty means for its kind.
 */
export function sessionFields(hints: { sessionName: string; duration: string }): INodeProperties[] {
	return [
		{
			displayName: 'Role Session Name',
			name: 'roleSessionName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n-production',
			hint: hints.sessionName,
		},
		{
			displayName: 'Session Duration (Seconds)',
			name: 'sessionDuration',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 43200 },
			default: 3600,
			hint: hints.duration,
		},
	];
}

/** What an API key cannot use: it authenticates nowhere (no auth region, no STS) and no agents. */
const NOT_FOR_API_KEYS = new Set([
	'authRegion',
	'authCustomRegion',
	'stsEndpoint',
	'bedrockAgentEndpoint',
	'bedrockAgentRuntimeEndpoint',
]);

/** The connection fields of the API key credential: Bedrock region, timeouts, Bedrock endpoints. */
export const apiKeyConnectionFields: INodeProperties[] = connectionFields.filter(
	(field) => !NOT_FOR_API_KEYS.has(field.name),
);
