import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { iamCredentials } from '../shared/descriptions/authentication';
import { credentialTest } from '../shared/methods';
import { searchAgentAliases, searchAgents } from './methods';
import { locatorSubtitle } from '../shared/descriptions/model';
import { nodeCodex } from '../shared/descriptions/docs';
import * as invokeAgent from './actions/invokeAgent.operation';
import codexFile from './BedrockInvokeAgent.node.json';
import { properties } from './description';

export class BedrockInvokeAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bedrock Invoke Agent',
		name: 'bedrockInvokeAgent',
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: locatorSubtitle('agent'),
		description: 'Talk to an Amazon Bedrock agent: sessions, files, return control and streaming',
		defaults: { name: 'Bedrock Invoke Agent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: iamCredentials,
		codex: nodeCodex(codexFile, 'bedrockInvokeAgent', iamCredentials),
		properties,
	};

	methods = { credentialTest, listSearch: { searchAgents, searchAgentAliases } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { route } = await import('../shared/items/router');
		return await route.call(this, { invokeAgent });
	}
}
