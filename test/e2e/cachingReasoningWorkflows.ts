/**
 * Prompt caching and reasoning in the real n8n: two Converse turns of one conversation (the
 * second reads the first from the cache), and an AI Agent whose Bedrock Chat Model thinks
 * (Anthropic extended thinking) while it calls n8n's Calculator.
 */
import { EMULATOR_CREDENTIALS } from '../../scripts/lib/credentials';
import type { WorkflowFile } from '../../scripts/lib/n8n';

export const CACHED_TURNS_WORKFLOW_ID = 'e2eCachedTurns01';
export const THINKING_AGENT_WORKFLOW_ID = 'e2eThinkingAgent1';

/** Claude 3.7 Sonnet through its US profile: caches from 1,024 tokens on and thinks. */
const SONNET = { __rl: true, mode: 'id', value: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' };
const ACCESS_KEYS = { bedrockAccessKeysApi: EMULATOR_CREDENTIALS.bedrockAccessKeysApi };

/** A document above Claude's 1,024-token minimum (1,360 words for the emulator). */
export const CONTRACT = 'The contract says the supplier delivers every Monday. '.repeat(170).trim();
export const FIRST_QUESTION = `${CONTRACT} When are deliveries?`;
export const SECOND_QUESTION = 'And on holidays?';

const trigger = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

function converseTurn(name: string, x: number, messagesJson: string) {
	return {
		id: name.toLowerCase().replace(' ', '-'),
		name,
		type: 'n8n-nodes-bedrock-iam.bedrockConverse',
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters: {
			authentication: 'accessKeys',
			model: SONNET,
			inputMode: 'messages',
			messagesSource: 'json',
			messagesJson,
			options: { promptCaching: true },
		},
		credentials: ACCESS_KEYS,
	};
}

/** Manual Trigger -> Converse (turn 1) -> Converse (turn 2: turn 1's messages, its answer, a question). */
export function cachedTurnsWorkflow(): WorkflowFile {
	const first = [{ role: 'user', content: FIRST_QUESTION }];
	return {
		id: CACHED_TURNS_WORKFLOW_ID,
		name: 'e2e: two Converse turns, the second read from the prompt cache',
		nodes: [
			trigger,
			converseTurn('Turn 1', 220, JSON.stringify(first)),
			converseTurn(
				'Turn 2',
				440,
				`={{ JSON.stringify([...${JSON.stringify(first)}, $json.message, { role: 'user', content: ${JSON.stringify(SECOND_QUESTION)} }]) }}`,
			),
		],
		connections: {
			Start: { main: [[{ node: 'Turn 1', type: 'main', index: 0 }]] },
			'Turn 1': { main: [[{ node: 'Turn 2', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Manual Trigger -> AI Agent (3.1) with a thinking Bedrock Chat Model and n8n's Calculator. */
export function thinkingAgentWorkflow(): WorkflowFile {
	return {
		id: THINKING_AGENT_WORKFLOW_ID,
		name: 'e2e: AI Agent with a thinking Bedrock Chat Model and the Calculator',
		nodes: [
			trigger,
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: { promptType: 'define', text: 'What is 12 times 7?', options: {} },
			},
			{
				id: 'chat-model',
				name: 'Bedrock Chat Model',
				type: 'n8n-nodes-bedrock-iam.lmChatBedrock',
				typeVersion: 1,
				position: [160, 200],
				parameters: {
					authentication: 'accessKeys',
					model: SONNET,
					options: { maxTokens: 2048, reasoningBudget: 1024 },
				},
				credentials: ACCESS_KEYS,
			},
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
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Bedrock Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			Calculator: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const cachingReasoningWorkflows = (): WorkflowFile[] => [
	cachedTurnsWorkflow(),
	thinkingAgentWorkflow(),
];
