import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { connectionFields } from './connectionFields';

export class BedrockAccessKeysApi implements ICredentialType {
	name = 'bedrockAccessKeysApi';

	displayName = 'Amazon Bedrock (Access Keys) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = 'https://n8n-nodes-bedrock-iam.invalid/docs#access-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AKIAIOSFODNN7EXAMPLE',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary keys (ASIA…); they stop working when the session expires',
		},
		...connectionFields,
	];
}
