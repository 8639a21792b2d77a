/**
 * The attribution e2e's own credentials and workflow: an Assume Role credential whose Source
 * Identity is the n8n project, one with a fixed Source Identity, and a workflow in which Bedrock
 * Converse (project identity) hands its answer to an AI Agent on the Bedrock Chat Model (fixed
 * identity) with n8n's Calculator.
 */
import { emulatorCredentials } from '../../scripts/lib/credentials';
import type { CredentialFile, WorkflowFile } from '../../scripts/lib/n8n';

export const ATTRIBUTION_WORKFLOW_ID = 'e2eAttribution01';
export const FIXED_SOURCE_IDENTITY = 'n8n-e2e-fixed';

const PROJECT_CREDENTIAL = { id: 'e2eAttribProject', name: 'E2E attribution: project identity' };
const FIXED_CREDENTIAL = { id: 'e2eAttribFixed01', name: 'E2E attribution: fixed identity' };

/** The two Assume Role credentials, for an emulator listening at `url`. */
export function attributionCredentials(url: string): CredentialFile[] {
	const base = emulatorCredentials(url).find((c) => c.type === 'bedrockAssumeRoleApi')!;
	return [
		{
			...base,
			...PROJECT_CREDENTIAL,
			data: { ...base.data, roleSessionName: 'n8n-e2e-project', sourceIdentityMode: 'project' },
		},
		{
			...base,
			...FIXED_CREDENTIAL,
			data: {
				...base.data,
				roleSessionName: 'n8n-e2e-fixed',
				sourceIdentityMode: 'fixed',
				sourceIdentity: FIXED_SOURCE_IDENTITY,
				sessionTags: '{"team": "e2e"}',
			},
		},
	];
}

const model = { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' };

/** Start -> Ask Converse -> AI Agent (Bedrock Chat Model, Calculator). */
export function attributionWorkflow(): WorkflowFile {
	return {
		id: ATTRIBUTION_WORKFLOW_ID,
		name: 'e2e: attribution (request metadata, Source Identity)',
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'converse',
				name: 'Ask Converse',
				type: 'n8n-nodes-bedrock-iam.bedrockConverse',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication: 'assumeRole',
					model,
					prompt: 'what is 12 times 7',
					options: { requestMetadata: { pairs: [{ key: 'team', value: 'e2e' }] } },
				},
				credentials: { bedrockAssumeRoleApi: PROJECT_CREDENTIAL },
			},
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [440, 0],
				parameters: { promptType: 'define', text: 'what is 12 times 7', options: {} },
			},
			{
				id: 'chat-model',
				name: 'Bedrock Chat Model',
				type: 'n8n-nodes-bedrock-iam.lmChatBedrock',
				typeVersion: 1,
				position: [380, 200],
				parameters: { authentication: 'assumeRole', model, options: {} },
				credentials: { bedrockAssumeRoleApi: FIXED_CREDENTIAL },
			},
			{
				id: 'calculator',
				name: 'Calculator',
				type: '@n8n/n8n-nodes-langchain.toolCalculator',
				typeVersion: 1,
				position: [540, 200],
				parameters: {},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Ask Converse', type: 'main', index: 0 }]] },
			'Ask Converse': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Bedrock Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			Calculator: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
