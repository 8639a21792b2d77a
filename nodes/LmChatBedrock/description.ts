import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, bedrockCredentials } from '../shared/descriptions/authentication';
import { locatorSubtitle, modelProperty } from '../shared/descriptions/model';
import { subNodeDescription } from '../shared/descriptions/node';
import { subNodeOptions } from '../shared/descriptions/options';
import {
	CONVERSE_OPTIONS,
	MODEL_REQUEST_OPTIONS,
	promptCachingOptions,
} from '../shared/descriptions/modelOptions';
import codexFile from './LmChatBedrock.node.json';

/** The Chat Model's options: Converse's; its Throttling Budget counts per agent turn. */
const options = subNodeOptions(
	[
		...CONVERSE_OPTIONS,
		...MODEL_REQUEST_OPTIONS,
		...promptCachingOptions(
			"Whether to place cache points after the agent's tools, the system message and the conversation so far, where the model caches and the prompt is long enough, so the next turns read that prefix from the cache",
		),
	],
	"How long an agent's turn that AWS throttles (requests or tokens per minute used up) keeps waiting for its share of the quota and being sent again. Calls to the same model with the same credential, from every node and execution, slow down together to the pace the quota allows. 0 turns this off: a throttled turn fails after Max Attempts.",
);

export const description: INodeTypeDescription = subNodeDescription({
	name: 'lmChatBedrock',
	displayName: 'Bedrock Chat Model',
	description:
		'Amazon Bedrock chat model (Converse API) for the AI Agent and chains, with Assume Role, IAM Roles Anywhere, access keys or a Bedrock API key',
	subtitle: locatorSubtitle('model'),
	credentials: bedrockCredentials,
	codexFile,
	properties: [authenticationProperty, modelProperty, options],
	output: { type: NodeConnectionTypes.AiLanguageModel, name: 'Model' },
});
