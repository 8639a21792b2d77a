import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { docsUrl } from '../nodes/shared/descriptions/docs';
import { DEFAULT_ROLE_SESSION_NAME } from '../nodes/shared/auth/connection/assumeRole';
import { connectionFields, sessionFields } from './connectionFields';

export class BedrockAssumeRoleApi implements ICredentialType {
	name = 'bedrockAssumeRoleApi';

	displayName = 'Amazon Bedrock (Assume Role) API';

	icon: Icon = { light: 'file:../icons/bedrock.svg', dark: 'file:../icons/bedrock.dark.svg' };

	documentationUrl = docsUrl('bedrockAssumeRoleApi');

	properties: INodeProperties[] = [
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/BedrockInvoker',
			hint: 'The role to assume (IAM > Roles > the role > ARN); its trust policy must trust the source credentials below',
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 7f2c9a4e-n8n-bedrock',
			hint: "The value the role's trust policy requires in its sts:ExternalId condition: with it, someone who learns the role ARN still cannot have n8n assume the role for them (the confused deputy). Not a secret, so shown to compare with the policy; 2 to 1224 characters, empty only if the policy has none.",
		},
		...sessionFields({
			sessionName: `Names the session in CloudTrail; empty sends ${DEFAULT_ROLE_SESSION_NAME}. 2 to 64 letters, digits or +=,.@-`,
			duration:
				"Lifetime of the temporary credentials: 900 to 43200 seconds, at most the role's Maximum session duration",
		}),
		{
			displayName: 'Source Identity',
			name: 'sourceIdentityMode',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{
					name: 'Fixed Value',
					value: 'fixed',
					description: 'The same source identity for every workflow that uses this credential',
				},
				{
					name: 'n8n Project',
					value: 'project',
					description:
						"n8n-project-<project ID> of the workflow's project, set when a workflow runs (the Test button has no project)",
				},
			],
			default: 'none',
			hint: "Sent as AssumeRole's SourceIdentity: CloudTrail names it on every call of the session, and it stays with the session through role chaining. The role's trust policy must allow sts:SetSourceIdentity. Each distinct value (each project) is a session of its own, cached on its own.",
		},
		{
			displayName: 'Source Identity Value',
			name: 'sourceIdentity',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n-finance-team',
			hint: '2 to 64 letters, digits or _+=,.@- (no spaces)',
			displayOptions: { show: { sourceIdentityMode: ['fixed'] } },
		},
		{
			displayName: 'Session Tags (JSON)',
			name: 'sessionTags',
			type: 'json',
			default: '{}',
			placeholder: '{"team": "finance", "cost-centre": "CC-1234"}',
			hint: "Sent as AssumeRole's session tags: CloudTrail records them and policies can test them (aws:PrincipalTag). The role's trust policy must allow sts:TagSession. At most 50; keys 1 to 128, values up to 256 letters, digits, spaces or _.:/=+-@. Changing them starts a new cached session.",
		},
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
						"The n8n host's own AWS identity (environment variables, web identity, container or instance role). Off unless the n8n admin sets N8N_BEDROCK_ALLOW_HOST_CREDENTIALS=true; the Test says so first.",
				},
			],
			default: 'accessKeys',
			hint: 'Who calls sts:AssumeRole: the access keys of an IAM identity, or the n8n host itself (only where the n8n admin allows it)',
		},
		{
			displayName: 'Source Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. AKIAIOSFODNN7EXAMPLE',
			hint: 'Access key of the identity that calls sts:AssumeRole (not of the role)',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Source Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'The secret of that access key',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Source Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Only for temporary source keys (ASIA…)',
			displayOptions: { show: { sourceCredentials: ['accessKeys'] } },
		},
		...connectionFields,
	];
}
