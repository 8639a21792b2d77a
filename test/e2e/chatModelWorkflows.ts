/**
 * The workflows that put the Bedrock Chat Model under n8n's own AI root nodes: a Basic LLM
 * Chain, and webhooks in front of an AI Agent with n8n's Calculator tool (one per credential
 * type, answered when the agent is done, and one in streaming response mode).
 */
import { EMULATOR_CREDENTIALS, emulatorCredentials } from '../../scripts/lib/credentials';
import type { CredentialFile, WorkflowFile } from '../../scripts/lib/n8n';

type CredentialType = keyof typeof EMULATOR_CREDENTIALS;
type WorkflowNode = WorkflowFile['nodes'][number];

export const CHAT_MODEL_TYPE = 'n8n-nodes-bedrock-iam.lmChatBedrock';
export const CHAIN_WORKFLOW_ID = 'e2eChatChain1';

const AUTHENTICATION: Record<CredentialType, string> = {
	bedrockAccessKeysApi: 'accessKeys',
	bedrockAssumeRoleApi: 'assumeRole',
	bedrockRolesAnywhereApi: 'rolesAnywhere',
	bedrockApiKeyApi: 'apiKey',
};

function chatModelNode(
	credentialType: CredentialType,
	position: [number, number],
	credential: { id: string; name: string } = EMULATOR_CREDENTIALS[credentialType],
): WorkflowNode {
	return {
		id: 'chat-model',
		name: 'Bedrock Chat Model',
		type: CHAT_MODEL_TYPE,
		typeVersion: 1,
		position,
		parameters: {
			authentication: AUTHENTICATION[credentialType],
			model: { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' },
			options: { maxTokens: 512 },
		},
		credentials: { [credentialType]: credential },
	};
}

const modelInto = (root: string) => ({
	ai_languageModel: [[{ node: root, type: 'ai_languageModel', index: 0 }]],
});

/** Manual Trigger -> Basic LLM Chain (1.9) with the Bedrock Chat Model (access keys). */
export function chainWorkflow(): WorkflowFile {
	return {
		id: CHAIN_WORKFLOW_ID,
		name: 'e2e: Basic LLM Chain with Bedrock Chat Model',
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'chain',
				name: 'Basic LLM Chain',
				type: '@n8n/n8n-nodes-langchain.chainLlm',
				typeVersion: 1.9,
				position: [220, 0],
				parameters: { promptType: 'define', text: 'Tell me about short-lived credentials' },
			},
			chatModelNode('bedrockAccessKeysApi', [220, 200]),
		],
		connections: {
			Start: { main: [[{ node: 'Basic LLM Chain', type: 'main', index: 0 }]] },
			'Bedrock Chat Model': modelInto('Basic LLM Chain'),
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Credentials of the agent webhooks, apart from the emulator credentials other e2e files use
 * in the same server (the Test button caches those): their data differs in one harmless field,
 * so their session count starts at zero whatever ran before.
 */
const AGENT_CREDENTIALS = {
	bedrockAssumeRoleApi: {
		id: 'e2eAgentAssume01',
		name: 'E2E agent: Assume Role',
		data: { roleSessionName: 'n8n-e2e-agent' },
	},
	bedrockRolesAnywhereApi: {
		id: 'e2eAgentRolesAn1',
		name: 'E2E agent: IAM Roles Anywhere',
		data: { sessionDuration: 1800 },
	},
} as const;

/** The agent webhooks' own credentials, for an emulator listening at `url`. */
export function agentCredentials(url: string): CredentialFile[] {
	return emulatorCredentials(url).flatMap((base) => {
		const own = AGENT_CREDENTIALS[base.type as keyof typeof AGENT_CREDENTIALS];
		return own
			? [{ ...base, id: own.id, name: own.name, data: { ...base.data, ...own.data } }]
			: [];
	});
}

const credentialRef = (type: CredentialType) =>
	type in AGENT_CREDENTIALS
		? {
				id: AGENT_CREDENTIALS[type as keyof typeof AGENT_CREDENTIALS].id,
				name: AGENT_CREDENTIALS[type as keyof typeof AGENT_CREDENTIALS].name,
			}
		: EMULATOR_CREDENTIALS[type];

/** An agent webhook: its workflow ID, its path and the credential its model uses. */
export interface AgentWebhook {
	id: string;
	path: string;
	credentialType: CredentialType;
	streaming: boolean;
	webhookId: string;
}

export const AGENT_WEBHOOKS: AgentWebhook[] = [
	{
		id: 'e2eChatAgentAssume',
		webhookId: '7c2e1b90-5d3f-4a8e-b1c2-000000000001',
		path: 'e2e-agent-assume-role',
		credentialType: 'bedrockAssumeRoleApi',
		streaming: false,
	},
	{
		id: 'e2eChatAgentRolesAny',
		webhookId: '7c2e1b90-5d3f-4a8e-b1c2-000000000002',
		path: 'e2e-agent-roles-anywhere',
		credentialType: 'bedrockRolesAnywhereApi',
		streaming: false,
	},
	{
		id: 'e2eChatAgentStream',
		webhookId: '7c2e1b90-5d3f-4a8e-b1c2-000000000003',
		path: 'e2e-agent-stream',
		credentialType: 'bedrockAccessKeysApi',
		streaming: true,
	},
];

/**
 * Webhook (POST, prompt in the body) -> AI Agent (3.1) with the Bedrock Chat Model and n8n's
 * Calculator tool. Answers with the agent's item, or in streaming mode piece by piece.
 */
export function agentWorkflow(hook: AgentWebhook): WorkflowFile {
	return {
		id: hook.id,
		name: `e2e: webhook -> AI Agent with Bedrock Chat Model (${AUTHENTICATION[hook.credentialType]}${hook.streaming ? ', streaming' : ''})`,
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: hook.webhookId,
				parameters: {
					httpMethod: 'POST',
					path: hook.path,
					responseMode: hook.streaming ? 'streaming' : 'lastNode',
					options: {},
				},
			},
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: {
					promptType: 'define',
					text: '={{ $json.body.prompt }}',
					options: { enableStreaming: hook.streaming },
				},
			},
			chatModelNode(hook.credentialType, [160, 200], credentialRef(hook.credentialType)),
			{
				id: 'calculator',
				name: 'Calculator',
				type: '@n8n/n8n-nodes-langchain.toolCalculator',
				typeVersion: 1,
				position: [320, 200],
				parameters: {},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Bedrock Chat Model': modelInto('AI Agent'),
			Calculator: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
