import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, searchModels, routeTo } from '../shared/methods';
import * as converse from './actions/converse.operation';
import { description } from './description';

export class BedrockConverse implements INodeType {
	// n8n's lint reads the icon, subtitle and tool use from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		usableAsTool: true,
	};

	methods = { credentialTest, listSearch: { searchModels } };

	execute = routeTo({ converse });
}
