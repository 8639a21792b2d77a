/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { BedrockConverse } from '../../nodes/BedrockConverse/BedrockConverse.node';
import { BedrockGenerate } from '../../nodes/BedrockGenerate/BedrockGenerate.node';
import { BedrockKnowledgeBase } from '../../nodes/BedrockKnowledgeBase/BedrockKnowledgeBase.node';
import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { RESPONSE_LIMITS } from '../../nodes/shared/transport/responseLimits';
import { startEmulator, SUPPORT_KB_ID, type Emulator } from '../emulator';
import { accessKeysData } from '../helpers/credentials';
import { executeContext, locator } from '../helpers/nodeContext';
import { within } from './harness';

const MB = 1024 * 1024;

const NODES: Record<string, { node: INodeType; type: string; parameters: IDataObject }> = {
	Converse: {
		node: new BedrockConverse(),
		type: 'n8n-nodes-bedrock-iam.bedrockConverse',
		parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'hello', options: {} },
	},
	InvokeModel: {
		node: new BedrockGenerate(),
		type: 'n8n-nodes-bedrock-iam.bedrockGenerate',
		parameters: {
			model: locator('amazon.nova-lite-v1:0'),
			requestBody: '{"messages": [{"role": "user", "content": [{"text": "hello"}]}]}',
			options: {},
		},
	},
	Retrieve: {
		node: new BedrockKnowledgeBase(),
		type: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBase',
		parameters: {
			operation: 'retrieve',
			knowledgeBase: locator(SUPPORT_KB_ID),
			query: 'shipping',
			numberOfResults: 3,
			options: {},
		},
	},
};

/**
 * Each operation reads at most what its answers can hold (RESPONSE_LIMITS): a text answer a few
 * MB, a generated image tens of MB. The emulator answers with a flood of `bytes` (length not
 * announced, so the limit is found while reading).
 */
describe('answer size limits per operation', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
		clearClients();
	});

	async function answer(action: keyof typeof NODES, bytes: number) {
		emulator.injectFault({ action, kind: 'oversized', bytes });
		const { node, type, parameters } = NODES[action];
		const context = executeContext({
			parameters: { authentication: 'accessKeys', ...parameters },
			credentials: { bedrockAccessKeysApi: accessKeysData(emulator) },
			items: [{ json: {} }],
			continueOnFail: true,
			nodeType: type,
		});
		const [out] = await within(
			20_000,
			node.execute!.call(context) as Promise<INodeExecutionData[][]>,
		);
		return out[0]?.json ?? {};
	}

	it.each([
		['Converse', 9 * MB],
		['Retrieve', 9 * MB],
		['InvokeModel', 65 * MB],
	] as const)('%s: an answer of %d bytes is refused', async (action, bytes) => {
		expect(RESPONSE_LIMITS[action]).toBeLessThan(bytes);
		const json = await answer(action, bytes);
		expect(json.code).toBe('ResponseTooLarge');
		expect(json.error).toBe('The answer from AWS is larger than this node accepts');
	});

	it.each([
		['Converse', 4 * MB],
		['InvokeModel', 40 * MB],
	] as const)('%s: an answer of %d bytes is read whole', async (action, bytes) => {
		const json = await answer(action, bytes);
		expect(json.code).toBeUndefined();
		expect(json.error).toBeUndefined();
	});
});
