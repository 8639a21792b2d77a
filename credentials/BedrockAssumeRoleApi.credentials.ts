import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { connectionFields, sessionFields } from './connectionFields';

export class BedrockAssumeRoleApi implements ICredentialType {
	name = 'bedrockAssumeRoleApi';

	displayName = 'Amazon Bedrock (Assume Role) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = 'https://n8n-nodes-bedrock-iam.invalid/docs#assume-role';

	properties: INodeProperties[] = [
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/BedrockInvoker',
			description: 'The role to assume; its trust policy must trust the source credentials',
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The value of the sts:ExternalId condition in the role's trust policy. Leave empty only if the role has none.",
		},
		...sessionFields(
			'n8n-nodes-bedrock-iam',
			'Shown in CloudTrail as the session of the assumed role: 2 to 64 letters, digits or +=,.@-',
		),
		{
			displayName: 'Source Credentials',
			name: 'sourceCredentials',
			type: 'options',
			options: [
				{
					name: 'Access Keys',
					value: 'accessKeys',
					description: 'An IAM user or temporary keys allowed to call sts:AssumeRole',
				},
				{
					name: 'n8n Host Identity',
					value: 'hostChain',
					description:
						"The n8n host's own AWS identity (environment, profile, container or instance role). Needs N8N_BEDROCK_ALLOW_HOST_CREDENTIALS=true.",
				},
			],
			default: 'accessKeys',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			placeholder: 'AKIAIOSFODNN7EXAMPLE',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary source keys (ASIA…)',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		...connectionFields,
	];
}
