import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTest, supplyFrom, searchEmbeddingModels } from '../shared/methods';
import { description } from './description';

export class EmbeddingsBedrock implements INodeType {
	// n8n's lint reads the icon, subtitle and connections from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		inputs: [],
		outputs: [NodeConnectionTypes.AiEmbedding],
	};

	methods = { credentialTest, listSearch: { searchEmbeddingModels } };

	supplyData = supplyFrom(async () => await import('./supplyData'));
}
