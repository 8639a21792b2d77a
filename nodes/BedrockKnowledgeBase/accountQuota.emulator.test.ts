/**
 * Knowledge Base requests count against the account's quota, as AWS counts them: credentials
 * that assume roles of one account share one limiter; model calls stay per credential.
 */
import { SUPPORT_KB_ID } from '../../test/emulator/knowledgeBaseCatalog';
import { assumeRoleData } from '../../test/helpers/credentials';
import { locator } from '../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockConverse } from '../BedrockConverse/BedrockConverse.node';
import type { ConnectionConfig } from '../shared/auth/connection';
import { accountQuotaKey } from '../shared/throttle/account';
import { limiterCount } from '../shared/throttle/registry';
import { BedrockKnowledgeBase } from './BedrockKnowledgeBase.node';

const aws = useEmulator();

/** Two Assume Role credentials of one account: the same role, other session names. */
const credentials = () => [
	assumeRoleData(aws.emulator, { roleSessionName: 'team-a' }),
	assumeRoleData(aws.emulator, { roleSessionName: 'team-b' }),
];

it('Retrieve with two credentials of one account: one limiter', async () => {
	for (const data of credentials()) {
		const { result } = runNode(new BedrockKnowledgeBase(), aws.emulator, {
			parameters: {
				operation: 'retrieve',
				knowledgeBase: locator(SUPPORT_KB_ID, 'list'),
				query: 'How long does shipping take?',
				numberOfResults: 5,
				options: {},
			},
			data,
		});
		await result;
	}
	expect(aws.emulator.count('Retrieve')).toBe(2);
	expect(aws.emulator.count('AssumeRole')).toBe(2);
	expect(limiterCount()).toBe(1);
});

it('Converse with the same two credentials: a limiter each, as the model quota is counted', async () => {
	for (const data of credentials()) {
		const { result } = runNode(new BedrockConverse(), aws.emulator, {
			parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'hi', options: {} },
			data,
		});
		await result;
	}
	expect(limiterCount()).toBe(2);
});

it('the account comes from the role ARN; keys without one keep their own quota', () => {
	const role = {
		cacheKey: 'k1',
		auth: { kind: 'assumeRole', roleArn: 'arn:aws-cn:iam::123456789012:role/R' },
	} as unknown as ConnectionConfig;
	expect(accountQuotaKey(role)).toBe('account:aws-cn:123456789012');
	const keys = { cacheKey: 'k2', auth: { kind: 'accessKeys' } } as unknown as ConnectionConfig;
	expect(accountQuotaKey(keys)).toBe('k2');
});
