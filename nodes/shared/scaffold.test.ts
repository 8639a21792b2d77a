import type { INodeType } from 'n8n-workflow';

import packageJson from '../../package.json';

import { BedrockConverse } from '../BedrockConverse/BedrockConverse.node';
import { BedrockGenerate } from '../BedrockGenerate/BedrockGenerate.node';
import { BedrockInvokeAgent } from '../BedrockInvokeAgent/BedrockInvokeAgent.node';
import { BedrockKnowledgeBase } from '../BedrockKnowledgeBase/BedrockKnowledgeBase.node';
import { LmChatBedrock } from '../LmChatBedrock/LmChatBedrock.node';
import { AUTHENTICATIONS, CREDENTIAL_TEST } from './descriptions';

/**
 * What n8n's lint checks on literal credential lists (credential-test-required), checked on the
 * descriptions the nodes really build.
 */
describe('node scaffolding', () => {
	const nodes: Array<[string, INodeType]> = [
		['Bedrock Converse', new BedrockConverse()],
		['Bedrock Generate', new BedrockGenerate()],
		['Bedrock Invoke Agent', new BedrockInvokeAgent()],
		['Bedrock Knowledge Base', new BedrockKnowledgeBase()],
		['Bedrock Chat Model', new LmChatBedrock()],
	];
	const credentialFiles = packageJson.n8n.credentials;

	it.each(nodes)('%s lists every credential, each tested by its Test method', (_name, node) => {
		const credentials = node.description.credentials ?? [];
		expect(credentials.map((c) => c.name)).toEqual(AUTHENTICATIONS.map((a) => a.credential));
		for (const credential of credentials) {
			expect(credential.testedBy).toBe(CREDENTIAL_TEST);
			expect(credential.required).toBe(true);
		}
		expect(node.methods?.credentialTest?.[CREDENTIAL_TEST]).toEqual(expect.any(Function));
		const authentication = node.description.properties.find((p) => p.name === 'authentication');
		expect(authentication?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual(
			AUTHENTICATIONS.map((a) => a.value),
		);
	});

	it('every credential type the package ships is offered by the nodes', () => {
		const offered = AUTHENTICATIONS.map(
			(a) =>
				`dist/credentials/${a.credential[0].toUpperCase()}${a.credential.slice(1)}.credentials.js`,
		);
		expect([...offered].sort()).toEqual([...credentialFiles].sort());
	});

	it.each(nodes.slice(0, 2))(
		'%s offers the shared model options in alphabetical order',
		(_name, node) => {
			const options = node.description.properties.find((p) => p.name === 'options')?.options ?? [];
			const names = options.map((o) => ('displayName' in o ? o.displayName : ''));
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
			const values = options.map((o) => ('name' in o ? o.name : ''));
			expect(values).toEqual(
				expect.arrayContaining([
					'guardrailIdentifier',
					'guardrailVersion',
					'maxConcurrency',
					'maxAttempts',
					'performanceLatency',
					'serviceTier',
					'streamResponse',
				]),
			);
		},
	);
});
