import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, searchModels, routeTo } from '../shared/methods';
import * as retrieve from './actions/retrieve.operation';
import * as retrieveAndGenerate from './actions/retrieveAndGenerate.operation';
import { description } from './description';
import { getDataSources, searchKnowledgeBases } from '../shared/knowledgeBase/methods';

export class BedrockKnowledgeBase implements INodeType {
	// n8n's lint reads the icon, subtitle and tool use from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		usableAsTool: true,
	};

	methods = {
		credentialTest,
		listSearch: { searchKnowledgeBases, searchModels },
		loadOptions: { getDataSources },
	};

	execute = routeTo({ retrieve, retrieveAndGenerate });
}
