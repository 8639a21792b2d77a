import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { docsUrl } from '../nodes/shared/descriptions/docs';
import { apiKeyConnectionFields } from './connectionFields';

export class BedrockApiKeyApi implements ICredentialType {
	name = 'bedrockApiKeyApi';

	displayName = 'Amazon Bedrock (API Key) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = docsUrl('bedrockApiKeyApi');

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'ABSK… (long-term) or bedrock-api-key-… (short-term)',
			hint: 'An Amazon Bedrock API key (Bedrock console > API keys). It works for models (Converse, Generate) only, not for agents or knowledge bases; a short-term key works only in the region it was generated for, for at most 12 hours.',
		},
		...apiKeyConnectionFields,
	];
}
