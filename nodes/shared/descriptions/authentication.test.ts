import type { INodeType } from 'n8n-workflow';

import packageJson from '../../../package.json';

import { BedrockConverse } from '../../BedrockConverse/BedrockConverse.node';
import { BedrockGenerate } from '../../BedrockGenerate/BedrockGenerate.node';
import { BedrockInvokeAgent } from '../../BedrockInvokeAgent/BedrockInvokeAgent.node';
import { BedrockKnowledgeBase } from '../../BedrockKnowledgeBase/BedrockKnowledgeBase.node';
import { LmChatBedrock } from '../../LmChatBedrock/LmChatBedrock.node';
import { CREDENTIAL_KINDS, kindOfType } from '../auth/kinds';
import { AUTHENTICATIONS, CREDENTIAL_TEST, IAM_AUTHENTICATIONS } from './authentication';
import { DOCS_PAGES } from './docs';

/**
 * What n8n's lint checks on literal credential lists (credential-test-required), checked on the
 * descriptions the nodes really build.
 */
describe('node scaffolding', () => {
	// Invoke Agent and Knowledge Base call the agents runtime, which accepts no Bedrock API key:
	// IAM types only.
	const nodes: Array<[string, INodeType, ReadonlyArray<(typeof AUTHENTICATIONS)[number]>]> = [
		['Bedrock Converse', new BedrockConverse(), AUTHENTICATIONS],
		['Bedrock Generate', new BedrockGenerate(), AUTHENTICATIONS],
		['Bedrock Invoke Agent', new BedrockInvokeAgent(), IAM_AUTHENTICATIONS],
		['Bedrock Knowledge Base', new BedrockKnowledgeBase(), IAM_AUTHENTICATIONS],
		['Bedrock Chat Model', new LmChatBedrock(), AUTHENTICATIONS],
	];
	const credentialFiles = packageJson.n8n.credentials;

	it.each(nodes)(
		'%s lists its credentials, each tested by its Test method',
		(_name, node, offered) => {
			const credentials = node.description.credentials ?? [];
			expect(credentials.map((c) => c.name)).toEqual(offered.map((a) => a.credential));
			for (const credential of credentials) {
				expect(credential.testedBy).toBe(CREDENTIAL_TEST);
				expect(credential.required).toBe(true);
			}
			expect(node.methods?.credentialTest?.[CREDENTIAL_TEST]).toEqual(expect.any(Function));
			const authentication = node.description.properties.find((p) => p.name === 'authentication');
			expect(authentication?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual(
				offered.map((a) => a.value),
			);
		},
	);

	it('offers the API key to the model-calling nodes, never to agents or knowledge bases', () => {
		const offersApiKey = Object.fromEntries(
			nodes.map(([name, node]) => [
				name,
				(node.description.credentials ?? []).some((c) => c.name === 'bedrockApiKeyApi'),
			]),
		);
		expect(offersApiKey).toEqual({
			'Bedrock Converse': true,
			'Bedrock Generate': true,
			'Bedrock Invoke Agent': false,
			'Bedrock Knowledge Base': false,
			'Bedrock Chat Model': true,
		});
		expect(IAM_AUTHENTICATIONS.map((a) => a.value)).toEqual([
			'accessKeys',
			'assumeRole',
			'rolesAnywhere',
		]);
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

	it("agrees row by row with the auth layer's table of credential kinds", () => {
		expect(AUTHENTICATIONS.map((a) => a.value).sort()).toEqual(
			Object.keys(CREDENTIAL_KINDS).sort(),
		);
		for (const row of AUTHENTICATIONS) {
			const kind = CREDENTIAL_KINDS[row.value];
			expect({ credential: row.credential, iam: row.iam }).toEqual({
				credential: kind.credentialType,
				iam: kind.signing === 'sigv4',
			});
			expect(kindOfType(row.credential)).toBe(row.value);
			expect(DOCS_PAGES[row.credential]).toEqual(expect.any(String));
		}
	});
});
