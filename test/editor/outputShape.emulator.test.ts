/**
 * One shape for the fields every model-calling node shares (text, usage, stopReason, model,
 * latencyMs), checked on real output items: each node with a main output that package.json lists
 * runs against the emulator, streamed and not. No node repeats a shared field under a second
 * name, and `model` is the model the user chose, the same kind of value in every node. A node
 * added to package.json needs a case here.
 */
import type { IDataObject } from 'n8n-workflow';

import { EXAMPLE_TEMPLATES } from '../../nodes/BedrockGenerate/modelFamilies';
import { SHARED_OUTPUT_FIELDS } from '../../nodes/shared/modelOutput';
import { CREDENTIAL_CASES } from '../helpers/credentials';
import { locator } from '../helpers/nodeContext';
import { runNode, useEmulator, type ActionNode } from '../helpers/useEmulator';
import { isSubNode, packageNodes } from './packageNodes';

const credential = CREDENTIAL_CASES[0];
const prompt = { variable: [{ name: 'prompt', value: 'shape check' }] };

/**
 * Parameters per node type name, the shared fields its answer always has, and the model the
 * user chose (what `model` must hold), for nodes that choose one.
 */
const CASES: Record<string, { parameters: IDataObject; always: string[]; model?: string }> = {
	bedrockConverse: {
		parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'shape check', options: {} },
		always: ['text', 'usage', 'stopReason', 'model', 'latencyMs'],
		model: 'amazon.nova-lite-v1:0',
	},
	bedrockGenerate: {
		parameters: {
			model: locator('anthropic.claude-3-5-haiku-20241022-v1:0'),
			requestBody: EXAMPLE_TEMPLATES.anthropic,
			promptVariables: prompt,
			outputMapping: 'default',
			options: {},
		},
		always: ['text', 'usage', 'stopReason', 'model', 'latencyMs'],
		model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
	},
	bedrockKnowledgeBase: {
		parameters: {
			operation: 'retrieveAndGenerate',
			knowledgeBase: locator('KBSUPPORT1', 'list'),
			query: 'How long does shipping take?',
			numberOfResults: 5,
			model: locator('amazon.nova-lite-v1:0'),
			sessionId: '',
			options: {},
		},
		always: ['text', 'model', 'latencyMs'],
		model: 'amazon.nova-lite-v1:0',
	},
	bedrockInvokeAgent: {
		parameters: {
			agent: locator('AGENTSUPRT'),
			agentAlias: locator('TSTALIASID'),
			sessionId: '',
			inputText: 'shape check',
			// Usage is read from the agent's traces whether or not they are returned.
			options: {},
		},
		always: ['text', 'usage', 'stopReason', 'latencyMs'],
	},
};

const actionNodes = packageNodes().filter((n) => !isSubNode(n));

const aws = useEmulator({ streamDelayMs: 0 });

/** The first output item's fields of a package node, run against the emulator. */
async function firstItem(folder: string, name: string, streaming: boolean): Promise<IDataObject> {
	const cls = name[0].toUpperCase() + name.slice(1);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const NodeClass = require(`../../${folder}/${cls}.node`)[cls] as new () => ActionNode;
	const { result } = runNode(new NodeClass(), aws.emulator, {
		parameters: CASES[name].parameters,
		credential,
		items: [{ json: {} }],
		streaming,
	});
	const [[item]] = await result;
	return item.json;
}

function expectSharedShape(json: IDataObject, always: string[]): void {
	for (const field of always) expect(json).toHaveProperty(field);
	if ('text' in json) expect(typeof json.text).toBe('string');
	if ('stopReason' in json) expect(typeof json.stopReason).toBe('string');
	if ('model' in json) expect(typeof json.model).toBe('string');
	if ('latencyMs' in json) {
		expect(typeof json.latencyMs).toBe('number');
		expect(json.latencyMs as number).toBeGreaterThanOrEqual(0);
	}
	if ('usage' in json) {
		const usage = json.usage as IDataObject;
		for (const counter of ['inputTokens', 'outputTokens', 'totalTokens']) {
			expect(typeof usage[counter]).toBe('number');
		}
		expect(usage.totalTokens).toBe((usage.inputTokens as number) + (usage.outputTokens as number));
	}
	// The shared fields come first, in one order, so items read the same in n8n's table view.
	const present = Object.keys(json).filter((k) =>
		(SHARED_OUTPUT_FIELDS as readonly string[]).includes(k),
	);
	expect(Object.keys(json).slice(0, present.length)).toEqual(
		SHARED_OUTPUT_FIELDS.filter((f) => present.includes(f)),
	);
}

/**
 * Fields of the shared shape under another name, as the nodes had them before: Generate's
 * top-level token counts, Invoke Agent's and Knowledge Base's `output`, a model ARN beside the ID.
 */
const SECOND_NAMES = [
	'output',
	'inputTokens',
	'outputTokens',
	'totalTokens',
	'modelId',
	'modelArn',
];

/** Top-level fields, other than the shared ones, that hold a shared field's value again. */
function repeatedFields(json: IDataObject): string[] {
	const usage = (json.usage ?? {}) as IDataObject;
	const shared: Array<[string, unknown]> = [
		['text', json.text],
		['model', json.model],
		['usage', json.usage],
		...Object.entries(usage).map(([k, v]): [string, unknown] => [`usage.${k}`, v]),
	];
	const repeats: string[] = [];
	for (const [key, value] of Object.entries(json)) {
		if ((SHARED_OUTPUT_FIELDS as readonly string[]).includes(key)) continue;
		for (const [name, sharedValue] of shared) {
			if (sharedValue !== undefined && JSON.stringify(value) === JSON.stringify(sharedValue))
				repeats.push(`${key} repeats ${name}`);
		}
	}
	return repeats;
}

describe('output shape shared by the nodes', () => {
	it('every action node of package.json has a case', () => {
		expect(actionNodes.map((n) => n.description.name).filter((n) => !CASES[n])).toEqual([]);
	});

	describe.each(actionNodes.map((n) => [n.description.name, n.folder] as const))(
		'%s',
		(name, folder) => {
			it.each([false, true])('streamed: %s', async (streaming) => {
				const json = await firstItem(folder, name, streaming);
				expectSharedShape(json, CASES[name].always);
				expect(repeatedFields(json)).toEqual([]);
				for (const old of SECOND_NAMES) expect(json).not.toHaveProperty(old);
				if (CASES[name].model) expect(json.model).toBe(CASES[name].model);
			});
		},
	);
});
