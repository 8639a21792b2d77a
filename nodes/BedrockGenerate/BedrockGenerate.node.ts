import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, searchAllModels, routeTo } from '../shared/methods';
import * as generate from './actions/generate.operation';
import { description } from './description';

export class BedrockGenerate implements INodeType {
	// n8n's lint reads the icon, subtitle and tool use from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		usableAsTool: true,
	};

	methods = { credentialTest, listSearch: { searchAllModels } };

	execute = routeTo({ generate });
}
