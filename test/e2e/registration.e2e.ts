/** n8n loaded the package: every node and credential type of package.json is registered. */
import type { N8n } from '../../scripts/lib/n8n';
import { packageCredentialTypes, packageNodeTypes } from '../../scripts/lib/paths';
import { connectN8n } from './harness';

let n8n: N8n;
beforeAll(async () => {
	n8n = await connectN8n();
});

describe('n8n with n8n-nodes-bedrock-iam installed', () => {
	it('registers every node type of package.json, with its icon and its credentials', async () => {
		const types = await n8n.get<
			Array<{
				name: string;
				displayName: string;
				icon?: unknown;
				iconUrl?: unknown;
				credentials?: Array<{ name: string }>;
			}>
		>('/types/nodes.json');
		const registered = new Map(types.map((t) => [t.name, t]));
		for (const nodeType of packageNodeTypes()) {
			const type = registered.get(nodeType);
			expect(type).toBeDefined();
			expect(type!.iconUrl ?? type!.icon).toBeTruthy();
			// AWS takes no API key for agents, knowledge bases or reranking (the agent runtime):
			// those nodes offer IAM types only.
			const iamOnly =
				/\.(bedrockInvokeAgent|bedrockKnowledgeBase|rerankerBedrock|retrieverBedrockKnowledgeBase)$/.test(
					nodeType,
				);
			const offered = packageCredentialTypes().filter(
				(c) => !(iamOnly && c === 'bedrockApiKeyApi'),
			);
			expect(type!.credentials?.map((c) => c.name).sort()).toEqual(offered.sort());
		}
		expect(
			registered.get('n8n-nodes-bedrock-iam.bedrockConverse')!.credentials?.map((c) => c.name),
		).toContain('bedrockApiKeyApi');
	});

	it('registers the four credential types', async () => {
		const types =
			await n8n.get<
				Array<{ name: string; displayName: string; properties: Array<{ name: string }> }>
			>('/types/credentials.json');
		const registered = new Map(types.map((t) => [t.name, t]));
		expect(packageCredentialTypes().sort()).toEqual([
			'bedrockAccessKeysApi',
			'bedrockApiKeyApi',
			'bedrockAssumeRoleApi',
			'bedrockRolesAnywhereApi',
		]);
		for (const credentialType of packageCredentialTypes()) {
			expect(registered.get(credentialType)?.displayName).toMatch(/^Amazon Bedrock \(.+\) API$/);
		}
		expect(registered.get('bedrockAssumeRoleApi')!.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['roleArn', 'externalId']),
		);
		expect(registered.get('bedrockRolesAnywhereApi')!.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['trustAnchorArn', 'profileArn', 'roleArn']),
		);
		const apiKeyFields = registered.get('bedrockApiKeyApi')!.properties.map((p) => p.name);
		expect(apiKeyFields).toEqual(expect.arrayContaining(['apiKey', 'region', 'customRegion']));
		expect(apiKeyFields).not.toContain('authRegion');
		expect(apiKeyFields).not.toContain('stsEndpoint');
	});
});
