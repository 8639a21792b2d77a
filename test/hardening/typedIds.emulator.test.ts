/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { toConnectionConfig } from '../../nodes/shared/auth/connection';
import { TYPED_IDS, type TypedIdField } from '../../nodes/shared/parameters/typedIds';
import { locator } from '../helpers/nodeContext';
import { useEmulator } from '../helpers/useEmulator';
import { expectEveryItem, runToOutput, within, type NodeName } from './harness';

const HUGE = 'a'.repeat(1_000_000);
const ARN_PREFIX = 'arn:aws:bedrock:us-east-1::foundation-model/';
const UUID = '0a1b2c3d-0000-4000-8000-000000000000';
const HUGE_ARN = `${ARN_PREFIX}${HUGE.slice(ARN_PREFIX.length)}`;

/**
 * Every typed identifier has a length cap, checked before any pattern meets the value: a
 * 1,000,000-character value is refused by its length, naming the field and the cap, in
 * milliseconds and before anything is sent.
 */
describe('typed identifiers of 1,000,000 characters', () => {
	const aws = useEmulator();

	it.each<[NodeName, TypedIdField, IDataObject]>([
		['converse', 'Model', { model: locator(HUGE) }],
		['converse', 'Model', { model: locator(HUGE_ARN) }],
		['generate', 'Model', { model: locator(HUGE) }],
		['knowledgeBase', 'Model', { model: locator(HUGE) }],
		['knowledgeBase', 'Knowledge Base', { knowledgeBase: locator(HUGE) }],
		['knowledgeBase', 'Session ID', { sessionId: HUGE }],
		['agent', 'Agent', { agent: locator(HUGE) }],
		['agent', 'Agent Alias', { agentAlias: locator(HUGE) }],
		['agent', 'Session ID', { sessionId: HUGE }],
		['agent', 'Memory ID', { options: { memoryId: HUGE } }],
	])('%s: %s is refused by its length', async (node, field, parameters) => {
		const out = await within(
			5_000,
			runToOutput(aws.emulator, { node, credential: 'accessKeys', items: 1, parameters }),
		);
		expectEveryItem(out, 1);
		const cap = TYPED_IDS[field].maxLength.toLocaleString('en-US');
		expect(out[0].json.error).toMatch(
			new RegExp(`^${field}:? is 1,000,000 characters long; at most ${cap}`),
		);
		expect(String(out[0].json.error).length).toBeLessThan(300);
		expect(aws.emulator.calls).toEqual([]);
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
