import type { INodeProperties } from 'n8n-workflow';

import { MAX_CONCURRENCY } from '../items/concurrency';
import { typedIdValidation } from '../parameters/typedIds';

/**
 * The name under which each node registers the shared Test button (`methods.credentialTest`).
 * Node classes list their credentials literally, as n8n's lint reads them from the source.
 */
export const CREDENTIAL_TEST = 'bedrockCredentialTest';

export const AUTHENTICATIONS = [
	{ name: 'Access Keys', value: 'accessKeys', credential: 'bedrockAccessKeysApi', iam: true },
	{ name: 'Assume Role (STS)', value: 'assumeRole', credential: 'bedrockAssumeRoleApi', iam: true },
	{
		name: 'IAM Roles Anywhere (X.509)',
		value: 'rolesAnywhere',
		credential: 'bedrockRolesAnywhereApi',
		iam: true,
	},
	{ name: 'Bedrock API Key', value: 'apiKey', credential: 'bedrockApiKeyApi', iam: false },
] as const;

/**
 * The authentications with an IAM identity (SigV4), which every Bedrock service accepts. Nodes
 * that call agents or knowledge bases offer only these: AWS refuses API keys there.
 */
export const IAM_AUTHENTICATIONS = AUTHENTICATIONS.filter((a) => a.iam);

export type Authentication = (typeof AUTHENTICATIONS)[number]['value'];

export function credentialTypeOf(authentication: string) {
	return AUTHENTICATIONS.find((a) => a.value === authentication)?.credential;
}

function authenticationOf(list: ReadonlyArray<{ name: string; value: string }>): INodeProperties {
	return {
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: list.map(({ name, value }) => ({ name, value })),
		default: 'assumeRole',
	};
}

/** Every authentication: for the nodes that call only Bedrock and Bedrock Runtime. */
export const authenticationProperty = authenticationOf(AUTHENTICATIONS);

/** IAM authentications only: for nodes that call agents or knowledge bases. */
export const iamAuthenticationProperty = authenticationOf(IAM_AUTHENTICATIONS);

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'Foundation model or inference profile to call. The list shows models that answer in text; inference profiles say so in their name.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
			validation: typedIdValidation('Model'),
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
			validation: typedIdValidation('Model ARN'),
		},
	],
};

/** Generate's model: the list also offers embedding and image models (InvokeModel calls any). */
export const anyModelProperty: INodeProperties = {
	...modelProperty,
	description:
		'Foundation model or inference profile to call: text, embedding or image models. Inference profiles say so in their name.',
	modes: (modelProperty.modes ?? []).map((mode) =>
		mode.name === 'list'
			? { ...mode, typeOptions: { searchListMethod: 'searchAllModels', searchable: true } }
			: mode,
	),
};

export const maxConcurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: 5,
	description: `How many items are sent to Bedrock at the same time, at most ${MAX_CONCURRENCY}. Lower it when AWS throttles.`,
};

/** Options the model-calling nodes (Converse, Generate) share, in their options collection. */
export const guardrailIdentifierOption: INodeProperties = {
	displayName: 'Guardrail ID',
	name: 'guardrailIdentifier',
	type: 'string',
	default: '',
	placeholder: 'e.g. gr-abc123def456',
	description: 'Identifier or ARN of a Bedrock guardrail to apply to the prompt and the answer',
};

export const guardrailVersionOption: INodeProperties = {
	displayName: 'Guardrail Version',
	name: 'guardrailVersion',
	type: 'string',
	default: 'DRAFT',
	description: 'Version number of the guardrail, or DRAFT',
};

export const throttlingBudgetOption: INodeProperties = {
	displayName: 'Throttling Budget (Seconds)',
	name: 'throttlingBudget',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 86400 },
	default: 300,
	description:
		'How long items throttled by AWS (requests or tokens per minute used up) keep being sent again, counted from the start of the node. Requests to the same model with the same credential slow down together to the pace the quota allows. 0 turns this off: a throttled item fails after Max Attempts.',
};

// The parameter name stays `maxAttempts` so saved workflows keep their value; it always counted
// attempts (the SDK's maxAttempts), which the label now says.
export const maxAttemptsOption: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10 },
	default: 3,
	description:
		'Attempts per request, the first one included: 1 sends each request once with no retry, 3 allows two retries. Throttling slows the next attempts down (adaptive).',
};

export const performanceLatencyOption: INodeProperties = {
	displayName: 'Performance Latency',
	name: 'performanceLatency',
	type: 'options',
	options: [
		{
			name: 'Optimized',
			value: 'optimized',
			description: 'Latency-optimized inference where the model and region offer it',
		},
		{ name: 'Standard', value: 'standard' },
	],
	default: 'standard',
};

export const serviceTierOption: INodeProperties = {
	displayName: 'Service Tier',
	name: 'serviceTier',
	type: 'options',
	options: [
		{ name: 'Default', value: 'default' },
		{ name: 'Flex', value: 'flex', description: 'Lower price, for work that may wait' },
		{ name: 'Priority', value: 'priority', description: 'Served first, at a higher price' },
		{ name: 'Reserved', value: 'reserved', description: 'Capacity you reserved' },
	],
	default: 'default',
	description: 'Processing tier that serves the request',
};

/** Inference options of the Converse API, shared by Bedrock Converse and the Bedrock Chat Model. */
export const guardrailTraceOption: INodeProperties = {
	displayName: 'Guardrail Trace',
	name: 'guardrailTrace',
	type: 'options',
	options: [
		{ name: 'Disabled', value: 'disabled' },
		{ name: 'Enabled', value: 'enabled' },
		{ name: 'Enabled (Full)', value: 'enabled_full' },
	],
	default: 'disabled',
};

export const maxTokensOption: INodeProperties = {
	displayName: 'Max Tokens',
	name: 'maxTokens',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1024,
	description: 'Most tokens the model may generate',
};

export const reasoningBudgetOption: INodeProperties = {
	displayName: 'Reasoning Budget (Tokens)',
	name: 'reasoningBudget',
	type: 'number',
	typeOptions: { minValue: 1024 },
	default: 4096,
	description:
		'Lets models that reason (Anthropic Claude 3.7 and later) think with up to this many tokens before answering',
};

export const stopSequencesOption: INodeProperties = {
	displayName: 'Stop Sequences',
	name: 'stopSequences',
	type: 'string',
	typeOptions: { multipleValues: true },
	default: [],
	description: 'Text that makes the model stop generating',
};

export const temperatureOption: INodeProperties = {
	displayName: 'Temperature',
	name: 'temperature',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 0.7,
	description: 'Randomness of the answer, from 0 (focused) to 1 (creative)',
};

export const topPOption: INodeProperties = {
	displayName: 'Top P',
	name: 'topP',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 0.9,
	description: 'Share of the most likely tokens the model samples from',
};

/** The alias of an agent's working draft, which every agent has. */
export const TEST_ALIAS_ID = 'TSTALIASID';

/**
 * A canvas subtitle naming what a resource locator parameter holds: the name the picker showed
 * (a model, agent or knowledge base name), else the ID or ARN typed. In an expression
 * `$parameter.x` resolves a locator to its value only; `$parameter.toJSON()` is the parameters
 * as stored, where the picker keeps the name (`cachedResultName`).
 *
 * @param prefix - An expression put before the name, e.g. the operation.
 */
export function locatorSubtitle(parameter: string, prefix = ''): string {
	const stored = `($parameter.toJSON()["${parameter}"] || {})`;
	const name = `(${stored}.cachedResultName || $parameter["${parameter}"])`;
	return `={{ ${prefix ? `${prefix} + ` : ''}${name} }}`;
}
