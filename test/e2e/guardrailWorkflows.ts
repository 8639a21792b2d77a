/**
 * The Bedrock Guardrail in the real n8n: a webhook that routes a batch of messages through the
 * node's two outputs, each tagged by a Set node on its branch and appended by a Merge node, whose
 * items answer the webhook; and n8n's AI Agent with the node as a tool.
 */
import { EMULATOR_CREDENTIALS } from '../../scripts/lib/credentials';
import type { WorkflowFile } from '../../scripts/lib/n8n';

// Access keys: the n8n server outlives each test file's emulator, and temporary credentials it
// cached would be unknown to the next one.
const credentials = { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi };

const guardrailParameters = {
	authentication: 'accessKeys',
	guardrail: { __rl: true, mode: 'id', value: 'supportguard' },
	guardrailVersion: '1',
	source: 'INPUT',
};

export const GUARDRAIL_WEBHOOK_ID = 'e2eGuardrailRoute';
export const GUARDRAIL_PATH = 'e2e-guardrail-route';
export const GUARDRAIL_HOSTILE_ID = 'e2eGuardrailHostile';
export const GUARDRAIL_HOSTILE_PATH = 'e2e-guardrail-hostile';
/** The webhook workflows globalSetup publishes. */
export const GUARDRAIL_WEBHOOK_IDS = [GUARDRAIL_WEBHOOK_ID, GUARDRAIL_HOSTILE_ID];
export const GUARDRAIL_AGENT_ID = 'e2eGuardrailAgent';

/** Sets `route` on every item of one branch, keeping the item's fields. */
const tag = (id: string, name: string, route: string, x: number, y: number) => ({
	id,
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position: [x, y] as [number, number],
	parameters: {
		assignments: {
			assignments: [{ id: `${id}-route`, name: 'route', value: route, type: 'string' }],
		},
		includeOtherFields: true,
		options: {},
	},
});

/**
 * Webhook (`{ messages: string[] }`, answers with every item of the last node) -> Code (one item
 * per message) -> Bedrock Guardrail -> Passed: Set route=passed, Intervened: Set
 * route=intervened -> Merge (append) .
 */
function routingWorkflow(): WorkflowFile {
	return {
		id: GUARDRAIL_WEBHOOK_ID,
		name: 'e2e: webhook messages routed by Bedrock Guardrail',
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e0240',
				parameters: {
					httpMethod: 'POST',
					path: GUARDRAIL_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'messages',
				name: 'One Item per Message',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: 'return $json.body.messages.map((message, i) => ({ json: { i, message } }));',
				},
			},
			{
				id: 'guardrail',
				name: 'Bedrock Guardrail',
				type: 'n8n-nodes-bedrock-iam.bedrockGuardrail',
				typeVersion: 1,
				position: [440, 0],
				parameters: { ...guardrailParameters, text: '={{ $json.message }}', options: {} },
				credentials,
			},
			tag('passed', 'Tag Passed', 'passed', 660, -100),
			tag('intervened', 'Tag Intervened', 'intervened', 660, 100),
			{
				id: 'merge',
				name: 'All Messages',
				type: 'n8n-nodes-base.merge',
				typeVersion: 3,
				position: [880, 0],
				parameters: {},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One Item per Message', type: 'main', index: 0 }]] },
			'One Item per Message': {
				main: [[{ node: 'Bedrock Guardrail', type: 'main', index: 0 }]],
			},
			'Bedrock Guardrail': {
				main: [
					[{ node: 'Tag Passed', type: 'main', index: 0 }],
					[{ node: 'Tag Intervened', type: 'main', index: 0 }],
				],
			},
			'Tag Passed': { main: [[{ node: 'All Messages', type: 'main', index: 0 }]] },
			'Tag Intervened': { main: [[{ node: 'All Messages', type: 'main', index: 1 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const GUARDRAIL_AGENT_PROMPT = 'Please write to jane@example.com about my refund';

/**
 * Manual Trigger -> AI Agent (3.1) on the Bedrock Chat Model, with the Bedrock Guardrail as a
 * tool (n8n's tool form of a usableAsTool node), its text filled by the model ($fromAI).
 */
function agentWorkflow(): WorkflowFile {
	return {
		id: GUARDRAIL_AGENT_ID,
		name: 'e2e: AI Agent with the Bedrock Guardrail as a tool',
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
				parameters: { promptType: 'define', text: GUARDRAIL_AGENT_PROMPT, options: {} },
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
				id: 'guardrail-tool',
				name: 'Check With Guardrail',
				type: 'n8n-nodes-bedrock-iam.bedrockGuardrailTool',
				typeVersion: 1,
				position: [320, 200],
				parameters: {
					toolDescription:
						'Checks a customer message with the support guardrail before answering; returns the text to use',
					...guardrailParameters,
					text: "={{ $fromAI('text', 'The customer message to check', 'string') }}",
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
			'Check With Guardrail': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook (answers with the node's first item) -> Bedrock Guardrail with every typed field from
 * the body (or a working value), one output and Continue On Fail, so a refused value comes back
 * as the item's error: the hostile-input checks of issue 19 for this node.
 */
function hostileWorkflow(): WorkflowFile {
	return {
		id: GUARDRAIL_HOSTILE_ID,
		name: 'e2e: hostile input -> Bedrock Guardrail',
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e0241',
				parameters: {
					httpMethod: 'POST',
					path: GUARDRAIL_HOSTILE_PATH,
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: 'guardrail',
				name: 'Bedrock Guardrail',
				type: 'n8n-nodes-bedrock-iam.bedrockGuardrail',
				typeVersion: 1,
				position: [220, 0],
				onError: 'continueRegularOutput',
				parameters: {
					...guardrailParameters,
					guardrail: {
						__rl: true,
						mode: 'id',
						value: "={{ $json.body.guardrail ?? 'supportguard' }}",
					},
					guardrailVersion: "={{ $json.body.version ?? '1' }}",
					text: "={{ $json.body.text ?? 'hello' }}",
					outputMode: 'single',
					options: {},
				},
				credentials,
			},
		],
		connections: { Webhook: { main: [[{ node: 'Bedrock Guardrail', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export function guardrailWorkflows(): WorkflowFile[] {
	return [routingWorkflow(), agentWorkflow(), hostileWorkflow()];
}
