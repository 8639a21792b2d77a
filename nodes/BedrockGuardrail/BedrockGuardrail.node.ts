import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { credentialTest, routeTo } from '../shared/methods';
import * as apply from './actions/apply.operation';
import { description } from './description';
import { getGuardrailVersions, searchGuardrails } from './methods';

export class BedrockGuardrail implements INodeType {
	// n8n's lint reads the icon, subtitle and tool use from this literal; description.ts has the rest.
	description: INodeTypeDescription = {
		...description,
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		subtitle: description.subtitle,
		usableAsTool: true,
	};

	methods = {
		credentialTest,
		listSearch: { searchGuardrails },
		loadOptions: { getGuardrailVersions },
	};

	execute = routeTo({ apply });
}
