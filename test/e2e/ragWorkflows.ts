/**
 * The RAG e2e workflows: the example (examples/bedrock-rag.json) behind a webhook, once per
 * credential type with credentials of their own, so each counts its sessions from zero. A POST
 * ingests the 30 documents and asks the agent the body's question.
 */
import { EMULATOR_CREDENTIALS, emulatorCredentials } from '../../scripts/lib/credentials';
import type { CredentialFile, WorkflowFile } from '../../scripts/lib/n8n';
import { exampleFor } from './workflows';

export const EMBEDDINGS_TYPE = 'n8n-nodes-bedrock-iam.embeddingsBedrock';
export const RERANKER_TYPE = 'n8n-nodes-bedrock-iam.rerankerBedrock';

type RagCredentialType = 'bedrockAssumeRoleApi' | 'bedrockRolesAnywhereApi';

const AUTHENTICATION: Record<RagCredentialType, string> = {
	bedrockAssumeRoleApi: 'assumeRole',
	bedrockRolesAnywhereApi: 'rolesAnywhere',
};

/** Credentials apart from those other e2e files use: one harmless field differs. */
const RAG_CREDENTIALS = {
	bedrockAssumeRoleApi: {
		id: 'e2eRagAssume0001',
		name: 'E2E RAG: Assume Role',
		data: { roleSessionName: 'n8n-e2e-rag' },
	},
	bedrockRolesAnywhereApi: {
		id: 'e2eRagRolesAny01',
		name: 'E2E RAG: IAM Roles Anywhere',
		data: { sessionDuration: 1700 },
	},
} as const;

export function ragCredentials(url: string): CredentialFile[] {
	return emulatorCredentials(url).flatMap((base) => {
		const own = RAG_CREDENTIALS[base.type as RagCredentialType];
		return own && base.id === EMULATOR_CREDENTIALS[base.type as RagCredentialType]?.id
			? [{ ...base, id: own.id, name: own.name, data: { ...base.data, ...own.data } }]
			: [];
	});
}

export interface RagWebhook {
	id: string;
	webhookId: string;
	path: string;
	credentialType: RagCredentialType;
}

export const RAG_WEBHOOKS: RagWebhook[] = [
	{
		id: 'e2eRagAssumeRole',
		webhookId: '5b8e0c41-2d7a-4f3e-9a61-21a000000001',
		path: 'e2e-rag-assume-role',
		credentialType: 'bedrockAssumeRoleApi',
	},
	{
		id: 'e2eRagRolesAnywh',
		webhookId: '5b8e0c41-2d7a-4f3e-9a61-21a000000002',
		path: 'e2e-rag-roles-anywhere',
		credentialType: 'bedrockRolesAnywhereApi',
	},
];

/** The RAG example with a Webhook instead of its Manual Trigger, and the hook's credential. */
export function ragWorkflow(hook: RagWebhook): WorkflowFile {
	const example = exampleFor(EMBEDDINGS_TYPE);
	const trigger = example.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
	const own = RAG_CREDENTIALS[hook.credentialType];
	const memoryKey = { __rl: true, mode: 'id', value: `e2e_rag_${hook.id}` };
	const nodes = example.nodes.map((node) => {
		if (node === trigger) {
			return {
				...node,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				webhookId: hook.webhookId,
				parameters: { httpMethod: 'POST', path: hook.path, responseMode: 'lastNode', options: {} },
			};
		}
		const parameters = { ...node.parameters };
		if (node.type === '@n8n/n8n-nodes-langchain.vectorStoreInMemory')
			parameters.memoryKey = memoryKey;
		if (node.type === '@n8n/n8n-nodes-langchain.agent') {
			parameters.text = `={{ $('${trigger.name}').first().json.body.question }}`;
		}
		if (!node.credentials) return { ...node, parameters };
		parameters.authentication = AUTHENTICATION[hook.credentialType];
		return {
			...node,
			parameters,
			credentials: { [hook.credentialType]: { id: own.id, name: own.name } },
		};
	});
	return {
		...example,
		id: hook.id,
		name: `e2e: RAG through a webhook (${own.name})`,
		nodes,
		active: false,
	} as WorkflowFile;
}
