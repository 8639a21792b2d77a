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
			default: '',
			placeholder: 'e.g. 7f2c9a4e-n8n-bedrock',
			description:
				"The value of the sts:ExternalId condition in the role's trust policy. Not a secret (AWS says so), shown so you can compare it with the policy. Leave empty only if the role has none.",
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
						"The n8n host's own AWS identity (environment, profile, container or instance role). Off unless the n8n admin sets N8N_BEDROCK_ALLOW_HOST_CREDENTIALS=true; the Test says so first.",
				},
			],
			default: 'accessKeys',
		},
		{
			displayName: 'Source Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. AKIAIOSFODNN7EXAMPLE',
			description: 'Access key of the identity that calls sts:AssumeRole (not of the role)',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Source Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Source Session Token',
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
