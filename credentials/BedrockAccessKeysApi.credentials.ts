import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { docsUrl } from '../nodes/shared/descriptions/docs';
import { connectionFields } from './connectionFields';

export class BedrockAccessKeysApi implements ICredentialType {
	name = 'bedrockAccessKeysApi';

	displayName = 'Amazon Bedrock (Access Keys) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = docsUrl('bedrockAccessKeysApi');

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AKIAIOSFODNN7EXAMPLE',
			hint: "An IAM user's access key (AKIA…) or a temporary one (ASIA…): IAM > Users > the user > Security credentials",
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'The secret AWS showed once, when the access key was created',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Only for temporary keys (ASIA…); they stop working when their session expires',
		},
		...connectionFields,
	];
}
