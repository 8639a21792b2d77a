/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { BedrockConverse } from '../../nodes/BedrockConverse/BedrockConverse.node';
import { BedrockGenerate } from '../../nodes/BedrockGenerate/BedrockGenerate.node';
import { BedrockInvokeAgent } from '../../nodes/BedrockInvokeAgent/BedrockInvokeAgent.node';
import { BedrockKnowledgeBase } from '../../nodes/BedrockKnowledgeBase/BedrockKnowledgeBase.node';
import { toConnectionConfig } from '../../nodes/shared/auth/connection';
import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { TYPED_ID_LIMITS } from '../../nodes/shared/typedIds';
import { startEmulator, SUPPORT_KB_ID, type Emulator } from '../emulator';
import { accessKeysData } from '../helpers/credentials';
import { executeContext, locator } from '../helpers/nodeContext';
import { expectEveryItem, within } from './harness';

const HUGE = 'a'.repeat(1_000_000);
const ARN_PREFIX = 'arn:aws:bedrock:us-east-1::foundation-model/';
const UUID = '0a1b2c3d-0000-4000-8000-000000000000';
const HUGE_ARN = `${ARN_PREFIX}${HUGE.slice(ARN_PREFIX.length)}`;

const NODES: Record<string, { node: INodeType; type: string; base: IDataObject }> = {
	Converse: {
		node: new BedrockConverse(),
		type: 'n8n-nodes-bedrock-iam.bedrockConverse',
		base: { model: locator('amazon.nova-lite-v1:0'), prompt: 'hello', options: {} },
	},
	Generate: {
		node: new BedrockGenerate(),
		type: 'n8n-nodes-bedrock-iam.bedrockGenerate',
		base: { model: locator('amazon.nova-lite-v1:0'), options: {} },
	},
	'Invoke Agent': {
		node: new BedrockInvokeAgent(),
		type: 'n8n-nodes-bedrock-iam.bedrockInvokeAgent',
		base: {
			agent: locator('AGENTSUPRT'),
			agentAlias: locator('TSTALIASID'),
			sessionId: '',
			inputText: 'hello agent',
			options: {},
		},
	},
	'Knowledge Base': {
		node: new BedrockKnowledgeBase(),
		type: 'n8n-nodes-bedrock-iam.bedrockKnowledgeBase',
		base: {
			operation: 'retrieveAndGenerate',
			knowledgeBase: locator(SUPPORT_KB_ID),
			query: 'How long does shipping take?',
			model: locator('amazon.nova-lite-v1:0'),
			sessionId: '',
			options: {},
		},
	},
};

/**
 * Every typed identifier has a length cap, checked before any pattern meets the value: a
 * 1,000,000-character value is refused by its length, naming the field and the cap, in
 * milliseconds and before anything is sent.
 */
describe('typed identifiers of 1,000,000 characters', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
		clearClients();
	});

	it.each([
		['Converse', 'Model', { model: locator(HUGE) }],
		['Converse', 'Model', { model: locator(HUGE_ARN) }],
		['Generate', 'Model', { model: locator(HUGE) }],
		['Knowledge Base', 'Model', { model: locator(HUGE) }],
		['Knowledge Base', 'Knowledge Base', { knowledgeBase: locator(HUGE) }],
		['Knowledge Base', 'Session ID', { sessionId: HUGE }],
		['Invoke Agent', 'Agent', { agent: locator(HUGE) }],
		['Invoke Agent', 'Agent Alias', { agentAlias: locator(HUGE) }],
		['Invoke Agent', 'Session ID', { sessionId: HUGE }],
		['Invoke Agent', 'Memory ID', { options: { memoryId: HUGE } }],
	] as const)('%s: %s is refused by its length', async (nodeName, field, parameters) => {
		const { node, type, base } = NODES[nodeName];
		const context = executeContext({
			parameters: { authentication: 'accessKeys', ...base, ...parameters },
			credentials: { bedrockAccessKeysApi: accessKeysData(emulator) },
			items: [{ json: {} }],
			continueOnFail: true,
			nodeType: type,
		});
		const [out] = await within(
			5_000,
			node.execute!.call(context) as Promise<INodeExecutionData[][]>,
		);
		expectEveryItem(out, 1);
		const cap = TYPED_ID_LIMITS[field].toLocaleString('en-US');
		expect(out[0].json.error).toMatch(
			new RegExp(`^${field}:? is 1,000,000 characters long; at most ${cap}`),
		);
		expect(String(out[0].json.error).length).toBeLessThan(300);
		expect(emulator.calls).toEqual([]);
	});
});

describe('credential fields of 1,000,000 characters', () => {
	it.each([
		[
			'bedrockAssumeRoleApi',
			'Role ARN',
			{ roleArn: `arn:aws:iam::111122223333:role/${HUGE}` },
			'2,048',
		],
		['bedrockAssumeRoleApi', 'Role Session Name', { roleSessionName: HUGE }, '64'],
		['bedrockRolesAnywhereApi', 'Trust Anchor ARN', { trustAnchorArn: HUGE }, '2,048'],
		['bedrockRolesAnywhereApi', 'Profile ARN', { profileArn: HUGE }, '2,048'],
	] as const)('%s: %s is refused by its length', (type, field, data, cap) => {
		const base: Record<string, ICredentialDataDecryptedObject> = {
			bedrockAssumeRoleApi: {
				sourceCredentials: 'accessKeys',
				accessKeyId: 'AKIAEXAMPLEUSER00001',
				secretAccessKey: 'fake',
				roleArn: 'arn:aws:iam::111122223333:role/BedrockInvoker',
				region: 'us-east-1',
			},
			bedrockRolesAnywhereApi: {
				trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/${UUID}`,
				profileArn: `arn:aws:rolesanywhere:us-east-1:111122223333:profile/${UUID}`,
				roleArn: 'arn:aws:iam::111122223333:role/BedrockInvoker',
				region: 'us-east-1',
			},
		};
		const started = Date.now();
		expect(() => toConnectionConfig(type, { ...base[type], ...data })).toThrow(
			new RegExp(`^${field}: is [\\d,]+ characters long; at most ${cap}\\b`),
		);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});
