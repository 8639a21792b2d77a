/**
 * What every Bedrock action node's description shares, built once: the credential list (each
 * with the shared Test button) and the Options collection with the model options Converse and
 * Generate both offer. A fourth node spreads these in; a fourth credential type is one entry in
 * AUTHENTICATIONS (descriptions.ts).
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import {
	AUTHENTICATIONS,
	CREDENTIAL_TEST,
	IAM_AUTHENTICATIONS,
	guardrailIdentifierOption,
	guardrailVersionOption,
	maxAttemptsOption,
	maxConcurrencyOption,
	performanceLatencyOption,
	serviceTierOption,
	throttlingBudgetOption,
} from './index';
import { streamResponseOption } from '../items/streaming';

/**
 * The credentials of a Bedrock node: one per authentication, shown when it is chosen, each
 * tested by the shared `bedrockCredentialTest` method. n8n's lint reads `testedBy` only from a
 * literal `credentials` array; credentials.test.ts checks every node's list instead, and the lint's
 * credential-test-required rule is off for credentials/ (eslint.config.mjs says why).
 */
function credentialsOf(
	list: ReadonlyArray<{ value: string; credential: string }>,
): INodeCredentialDescription[] {
	return list.map(({ value, credential }) => ({
		name: credential,
		required: true,
		testedBy: CREDENTIAL_TEST,
		displayOptions: { show: { authentication: [value] } },
	}));
}

/** Every credential type: for nodes that call only Bedrock and Bedrock Runtime. */
export const bedrockCredentials = credentialsOf(AUTHENTICATIONS);

/**
 * The IAM credential types only, for nodes that call agents or knowledge bases: AWS accepts no
 * API key there, so n8n never offers one (the client layer refuses it too).
 */
export const iamCredentials = credentialsOf(IAM_AUTHENTICATIONS);

/** Options every model-calling node (Converse, Generate) offers. */
const MODEL_OPTIONS: readonly INodeProperties[] = [
	guardrailIdentifierOption,
	guardrailVersionOption,
	maxConcurrencyOption,
	maxAttemptsOption,
	performanceLatencyOption,
	serviceTierOption,
	streamResponseOption,
	throttlingBudgetOption,
];

/**
 * The node's Options collection: its own options and the shared model options, in alphabetical
 * order of their display names as n8n lists collection items.
 */
export function modelOptions(own: readonly INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...own, ...MODEL_OPTIONS].sort((a, b) =>
			a.displayName.localeCompare(b.displayName, 'en'),
		),
	};
}
