/**
 * What the e2e suite runs in n8n: for each node of package.json, how to feed it one prompt per
 * item and what its output items must hold; and the workflows built from that.
 */
import { EMULATOR_CREDENTIALS, EMULATOR_SHORT_TERM_API_KEY } from '../../scripts/lib/credentials';
import { loadExamples } from '../../scripts/lib/examples';
import type { WorkflowFile } from '../../scripts/lib/n8n';

type CredentialType = keyof typeof EMULATOR_CREDENTIALS;

export interface NodeCase {
	/** Display name of the node in the workflows. */
	name: string;
	/** Parameters that read the prompt from the item (`$json.prompt`). */
	promptParameters: Record<string, unknown>;
	/** Fields every output item has. */
	fields: string[];
	/** Whether the emulator's answer (`text`) echoes the prompt. */
	echoesPrompt: boolean;
	/** The emulator action each item makes. */
	action: string;
}

/** One case per node type; a node in package.json without one fails the suite. */
export const NODE_CASES: Record<string, NodeCase> = {
	'n8n-nodes-bedrock-iam.bedrockConverse': {
		name: 'Bedrock Converse',
		promptParameters: { inputMode: 'prompt', prompt: '={{ $json.prompt }}' },
		fields: ['text', 'stopReason', 'usage', 'latencyMs', 'toolCalls', 'message', 'model'],
		echoesPrompt: true,
		action: 'Converse',
	},
	'n8n-nodes-bedrock-iam.bedrockGenerate': {
		name: 'Bedrock Generate',
		promptParameters: {
			promptVariables: {
				variable: [{ name: 'prompt', value: '={{ $json.prompt }}', type: 'auto' }],
			},
		},
		fields: ['text', 'usage', 'stopReason', 'model', 'latencyMs'],
		echoesPrompt: true,
		action: 'InvokeModel',
	},
	'n8n-nodes-bedrock-iam.bedrockGuardrail': {
		name: 'Bedrock Guardrail',
		promptParameters: { text: '={{ $json.prompt }}' },
		fields: ['text', 'passed', 'action', 'assessments', 'guardrailUsage', 'guardrail'],
		// Clean text passes unchanged, on the first output.
		echoesPrompt: true,
		action: 'ApplyGuardrail',
	},
	'n8n-nodes-bedrock-iam.bedrockInvokeAgent': {
		name: 'Bedrock Invoke Agent',
		promptParameters: { inputText: '={{ $json.prompt }}' },
		fields: ['text', 'usage', 'stopReason', 'sessionId', 'citations'],
		echoesPrompt: true,
		action: 'InvokeAgent',
	},
	'n8n-nodes-bedrock-iam.bedrockKnowledgeBase': {
		name: 'Bedrock Knowledge Base',
		promptParameters: { operation: 'retrieveAndGenerate', query: '={{ $json.prompt }}' },
		fields: ['text', 'sessionId', 'citations', 'model'],
		echoesPrompt: false,
		action: 'RetrieveAndGenerate',
	},
};

/**
 * The example workflow (examples/*.json) that runs a node type from a Manual Trigger, which n8n's
 * CLI can execute (the chat example starts from a chat message instead).
 */
export function exampleFor(nodeType: string): WorkflowFile & { file: string } {
	const example = loadExamples().workflows.find(
		(w) =>
			w.nodes.some((n) => n.type === nodeType) &&
			w.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'),
	);
	if (!example)
		throw new Error(`examples/ has no workflow with ${nodeType}: add one (npm run dev imports it)`);
	return example;
}

/**
 * ID of the workflow that runs `count` items through a node with one credential type, e.g.
 * `e2eConverseAssume200` (n8n's CLI takes IDs of at most 21 characters).
 */
export const itemsWorkflowId = (nodeType: string, credentialType: CredentialType, count: number) =>
	`e2e${nodeType.split('.').pop()!.slice(7, 15)}${credentialType.slice(7, 13)}${count}`;

/**
 * Manual Trigger -> Code (`count` items, `{ i, prompt: "item <i>" }`) -> the node, with the
 * node's parameters taken from its example workflow and the emulator credential of one type.
 */
export function itemsWorkflow(
	nodeType: string,
	credentialType: CredentialType,
	count: number,
	credential: { id: string; name: string } = EMULATOR_CREDENTIALS[credentialType],
	id = itemsWorkflowId(nodeType, credentialType, count),
): WorkflowFile {
	const example = exampleFor(nodeType);
	const exampleNode = example.nodes.find((n) => n.type === nodeType)!;
	const nodeCase = NODE_CASES[nodeType];
	const authentication = {
		bedrockAccessKeysApi: 'accessKeys',
		bedrockAssumeRoleApi: 'assumeRole',
		bedrockRolesAnywhereApi: 'rolesAnywhere',
		bedrockApiKeyApi: 'apiKey',
	}[credentialType];
	return {
		id,
		name: `e2e: ${count} items through ${nodeCase.name} (${credential.name})`,
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
				id: 'items',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { i, prompt: 'item ' + i } }));`,
				},
			},
			{
				id: 'node',
				name: nodeCase.name,
				type: nodeType,
				typeVersion: exampleNode.typeVersion,
				position: [440, 0],
				parameters: { ...exampleNode.parameters, ...nodeCase.promptParameters, authentication },
				credentials: { [credentialType]: credential },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: nodeCase.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const STREAMING_WORKFLOW_ID = 'e2eConverseStrm1';
export const STREAMING_PATH = 'e2e-converse-stream';

/** Webhook (response mode streaming) -> Bedrock Converse with the prompt from the request body. */
export function streamingWorkflow(): WorkflowFile {
	return {
		id: STREAMING_WORKFLOW_ID,
		name: 'e2e: streaming webhook -> Bedrock Converse',
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e0001',
				parameters: {
					httpMethod: 'POST',
					path: STREAMING_PATH,
					responseMode: 'streaming',
					options: {},
				},
			},
			{
				id: 'converse',
				name: 'Bedrock Converse',
				type: 'n8n-nodes-bedrock-iam.bedrockConverse',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication: 'accessKeys',
					model: { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' },
					prompt: '={{ $json.body.prompt }}',
					options: {},
				},
				credentials: { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Bedrock Converse', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export const KB_STREAMING_WORKFLOW_ID = 'e2eKnowledgeStrm1';
export const KB_STREAMING_PATH = 'e2e-knowledge-base-stream';

/** Webhook (response mode streaming) -> Bedrock Knowledge Base, Retrieve and Generate. */
export function knowledgeBaseStreamingWorkflow(): WorkflowFile {
	return {
		id: KB_STREAMING_WORKFLOW_ID,
		name: 'e2e: streaming webhook -> Bedrock Knowledge Base',
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e0002',
				parameters: {
					httpMethod: 'POST',
					path: KB_STREAMING_PATH,
					responseMode: 'streaming',
					options: {},
				},
			},
			{
				id: 'knowledgeBase',
				name: 'Bedrock Knowledge Base',
				type: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBase',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication: 'accessKeys',
					operation: 'retrieveAndGenerate',
					knowledgeBase: { __rl: true, mode: 'id', value: 'KBSUPPORT1' },
					query: '={{ $json.body.question }}',
					model: { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' },
					options: {},
				},
				// Access keys: the n8n server outlives each test file's emulator, and temporary
				// credentials it cached (the Test button e2e) would be unknown to the next one.
				credentials: { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Bedrock Knowledge Base', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const KB_AGENT_WORKFLOW_ID = 'e2eKnowledgeAgent1';

/**
 * Manual Trigger -> AI Agent (3.1) with the Bedrock Chat Model and the Bedrock Knowledge Base as
 * a tool (n8n's tool form of a usableAsTool node), its query filled by the model ($fromAI).
 */
export function knowledgeBaseAgentWorkflow(): WorkflowFile {
	const credentials = { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi };
	return {
		id: KB_AGENT_WORKFLOW_ID,
		name: 'e2e: AI Agent with the Bedrock Knowledge Base as a tool',
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
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: { promptType: 'define', text: 'What is the refund policy?', options: {} },
			},
			{
				id: 'chat-model',
				name: 'Bedrock Chat Model',
				type: 'n8n-nodes-bedrock-iam.lmChatBedrock',
				typeVersion: 1,
				position: [160, 200],
				parameters: {
					authentication: 'accessKeys',
					model: { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' },
					options: {},
				},
				credentials,
			},
			{
				id: 'knowledge-base',
				name: 'Support Knowledge Base',
				type: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBaseTool',
				typeVersion: 1,
				position: [320, 200],
				parameters: {
					toolDescription:
						'Answers questions about orders, shipping, returns and refunds, with sources',
					authentication: 'accessKeys',
					operation: 'retrieveAndGenerate',
					knowledgeBase: { __rl: true, mode: 'id', value: 'KBSUPPORT1' },
					query:
						"={{ $fromAI('query', 'The question to answer from the knowledge base', 'string') }}",
					model: { __rl: true, mode: 'id', value: 'amazon.nova-lite-v1:0' },
					options: {},
				},
				credentials,
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Bedrock Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			'Support Knowledge Base': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The 200-item runs: every node with Assume Role; Converse also with Roles Anywhere and access keys. */
export function itemRuns(
	nodeTypes: string[],
): Array<{ nodeType: string; credentialType: CredentialType; count: number }> {
	const runs = nodeTypes.map((nodeType) => ({
		nodeType,
		credentialType: 'bedrockAssumeRoleApi' as CredentialType,
		count: 200,
	}));
	const converse = 'n8n-nodes-bedrock-iam.bedrockConverse';
	if (nodeTypes.includes(converse)) {
		runs.push({ nodeType: converse, credentialType: 'bedrockRolesAnywhereApi', count: 200 });
		runs.push({ nodeType: converse, credentialType: 'bedrockAccessKeysApi', count: 200 });
	}
	return runs;
}

/** Workflows that run Converse with the long-term and the short-term emulator API key. */
export const API_KEY_WORKFLOWS = {
	longTerm: { id: 'e2eConverseApiKeyLng', credential: EMULATOR_CREDENTIALS.bedrockApiKeyApi },
	shortTerm: { id: 'e2eConverseApiKeyShr', credential: EMULATOR_SHORT_TERM_API_KEY },
} as const;

export const API_KEY_ITEMS = 5;

export function apiKeyWorkflows(): WorkflowFile[] {
	return Object.values(API_KEY_WORKFLOWS).map(({ id, credential }) =>
		itemsWorkflow(
			'n8n-nodes-bedrock-iam.bedrockConverse',
			'bedrockApiKeyApi',
			API_KEY_ITEMS,
			credential,
			id,
		),
	);
}

/**
 * Webhook (responds when the last node ends) -> one node, each typed field filled from the request
 * body, or a working value when the body leaves it out; Continue On Fail, so a refused value
 * comes back as the item's error, and Always Output Data, so an empty answer is an empty item. The hostile-input suite sends text built to backtrack or to be
 * huge in each field.
 */
export const HOSTILE_WEBHOOKS = {
	converse: {
		id: 'e2eHostileConverse',
		nodeType: 'n8n-nodes-bedrock-iam.bedrockConverse',
		parameters: {
			model: {
				__rl: true,
				mode: 'id',
				value: "={{ $json.body.model ?? 'amazon.nova-lite-v1:0' }}",
			},
			prompt: "={{ $json.body.prompt ?? 'hello' }}",
			options: {},
		},
	},
	generate: {
		id: 'e2eHostileGenerate',
		nodeType: 'n8n-nodes-bedrock-iam.bedrockGenerate',
		parameters: {
			model: {
				__rl: true,
				mode: 'id',
				value: "={{ $json.body.model ?? 'amazon.nova-lite-v1:0' }}",
			},
			// Always from the body: `{{prompt}}` cannot stand inside an n8n expression.
			requestBody: '={{ $json.body.template }}',
			promptVariables: {
				variable: [
					{ name: 'prompt', value: "={{ $json.body.variable ?? 'hello' }}", type: 'auto' },
				],
			},
		},
	},
	agent: {
		id: 'e2eHostileAgent',
		nodeType: 'n8n-nodes-bedrock-iam.bedrockInvokeAgent',
		parameters: {
			agent: { __rl: true, mode: 'id', value: "={{ $json.body.agent ?? 'AGENTSUPRT' }}" },
			agentAlias: { __rl: true, mode: 'id', value: "={{ $json.body.alias ?? 'TSTALIASID' }}" },
			sessionId: "={{ $json.body.session ?? '' }}",
			inputText: "={{ $json.body.input ?? 'hello agent' }}",
			options: {},
		},
	},
	retrieve: {
		id: 'e2eHostileRetrieve',
		nodeType: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBase',
		parameters: {
			operation: 'retrieve',
			knowledgeBase: {
				__rl: true,
				mode: 'id',
				value: "={{ $json.body.knowledgeBase ?? 'KBSUPPORT1' }}",
			},
			query: "={{ $json.body.query ?? 'shipping' }}",
			numberOfResults: 3,
			options: { metadataFilter: "={{ $json.body.filter ?? '{}' }}" },
		},
	},
	retrieveAndGenerate: {
		id: 'e2eHostileRag',
		nodeType: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBase',
		parameters: {
			operation: 'retrieveAndGenerate',
			knowledgeBase: { __rl: true, mode: 'id', value: 'KBSUPPORT1' },
			query: "={{ $json.body.query ?? 'What is the refund policy?' }}",
			model: {
				__rl: true,
				mode: 'id',
				value: "={{ $json.body.model ?? 'amazon.nova-lite-v1:0' }}",
			},
			sessionId: "={{ $json.body.session ?? '' }}",
			options: {},
		},
	},
} as const;

export type HostileWebhook = keyof typeof HOSTILE_WEBHOOKS;

export const hostilePath = (name: HostileWebhook) => `e2e-hostile-${name}`;

export function hostileWorkflows(): WorkflowFile[] {
	return Object.entries(HOSTILE_WEBHOOKS).map(([name, { id, nodeType, parameters }], i) => ({
		id,
		name: `e2e: hostile input -> ${name}`,
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e01${String(i).padStart(2, '0')}`,
				parameters: {
					httpMethod: 'POST',
					path: hostilePath(name as HostileWebhook),
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: 'node',
				name: 'Bedrock',
				type: nodeType,
				typeVersion: 1,
				position: [220, 0],
				onError: 'continueRegularOutput',
				// A search that finds nothing still answers the webhook (with an empty item).
				alwaysOutputData: true,
				parameters: { authentication: 'accessKeys', ...parameters },
				credentials: { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Bedrock', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	}));
}
