import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTest, supplyFrom, searchModels } from '../shared/methods';
import { description } from './description';

export class LmChatBedrock implements INodeType {
	// n8n's lint reads the icon, subtitle and connections from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
	};

	methods = { credentialTest, listSearch: { searchModels } };

	supplyData = supplyFrom(async () => await import('./supplyData'));
}
