/**
 * Every node of package.json, executed by `n8n execute --id` (its own process, so its credential
 * cache starts empty): the example workflow answers with the node's fields, and 200 items go
 * through with exactly one STS AssumeRole or Roles Anywhere CreateSession call.
 */
import { nodeOutput, type N8n } from '../../scripts/lib/n8n';
import { packageNodeTypes } from '../../scripts/lib/paths';
import type { Emulator } from '../emulator';
import { CHAT_MODEL_TYPE } from './chatModelWorkflows';
import { connectN8n, startE2eEmulator } from './harness';
import { EMBEDDINGS_TYPE, RERANKER_TYPE } from './ragWorkflows';
import { exampleFor, itemRuns, itemsWorkflowId, NODE_CASES } from './workflows';

let n8n: N8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});
beforeEach(() => emulator.reset());

const nodeTypes = packageNodeTypes();

// The sub-nodes run under n8n's AI root nodes: chatModel.e2e.ts, rag.e2e.ts and
// knowledgeBaseRetriever.e2e.ts are their cases.
const SUB_NODES = [
	CHAT_MODEL_TYPE,
	EMBEDDINGS_TYPE,
	RERANKER_TYPE,
	'n8n-nodes-bedrock-iam.retrieverBedrockKnowledgeBase',
];

it('has an e2e case and an example workflow for every node of package.json', () => {
	for (const nodeType of nodeTypes) {
		const hasCase = !!NODE_CASES[nodeType] || SUB_NODES.includes(nodeType);
		expect({ nodeType, hasCase }).toEqual({ nodeType, hasCase: true });
		expect(() => exampleFor(nodeType)).not.toThrow();
	}
});

describe.each(nodeTypes.filter((t) => NODE_CASES[t]))('%s', (nodeType) => {
	const nodeCase = NODE_CASES[nodeType];

	it('runs its example workflow (Manual Trigger -> node) and outputs the expected fields', async () => {
		const example = exampleFor(nodeType);
		const run = await n8n.execute(example.id);
		const items = nodeOutput(run, example.nodes.find((n) => n.type === nodeType)!.name);
		expect(items).toHaveLength(1);
		for (const field of nodeCase.fields) expect(items[0]).toHaveProperty(field);
		expect(typeof items[0].text).toBe('string');
		expect((items[0].text as string).length).toBeGreaterThan(0);
		expect(emulator.count(nodeCase.action)).toBe(1);
	});
});

const STS_CALL: Record<string, string | undefined> = {
	bedrockAssumeRoleApi: 'AssumeRole',
	bedrockRolesAnywhereApi: 'CreateSession',
	bedrockAccessKeysApi: undefined,
};

describe.each(
	itemRuns(nodeTypes.filter((t) => NODE_CASES[t])).map(
		(r) => [r.nodeType, r.credentialType, r.count] as const,
	),
)('%s with %s, %i items', (nodeType, credentialType, count) => {
	it('keeps order and pairing, and fetches temporary credentials once', async () => {
		const nodeCase = NODE_CASES[nodeType];
		const run = await n8n.execute(itemsWorkflowId(nodeType, credentialType, count));
		const items = nodeOutput(run, nodeCase.name);
		expect(items).toHaveLength(count);
		items.forEach((item) => {
			for (const field of nodeCase.fields) expect(item).toHaveProperty(field);
		});
		if (nodeCase.echoesPrompt) {
			// The emulator's models echo the prompt: item i answers about "item i".
			items.forEach((item, i) => expect(item.text).toContain(`item ${i}`));
		}
		expect(emulator.count(nodeCase.action)).toBe(count);
		const stsCall = STS_CALL[credentialType];
		if (stsCall) expect(emulator.count(stsCall)).toBe(1);
		expect(emulator.count('AssumeRole') + emulator.count('CreateSession')).toBe(stsCall ? 1 : 0);
	});
});
