import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import { FOUNDATION_MODELS } from '../../../test/emulator/catalog';
import { CREDENTIAL_CASES } from '../../../test/helpers/credentials';
import { pickerContext, useEmulator } from '../../../test/helpers/useEmulator';
import { searchAllModels, searchModels } from './models';
import { modelDisplayName, profileGeo, systemProfileName } from './modelNames';

const credential = CREDENTIAL_CASES[0];

const aws = useEmulator();

const loadOptions = (extra: IDataObject = {}) =>
	pickerContext(aws.emulator, { credential, data: { ...credential.data(aws.emulator), ...extra } });

const modelsOf = (outputs: string[]) =>
	FOUNDATION_MODELS.filter((m) => m.outputModalities.some((o) => outputs.includes(o))).map(
		(m) => m.modelId,
	);
const values = (items: INodeListSearchItems[]) => items.map((i) => String(i.value));

describe('model pickers', () => {
	it('the emulator lists embedding and image models, so the filter has something to remove', () => {
		expect(modelsOf(['EMBEDDING']).length).toBeGreaterThanOrEqual(2);
		expect(modelsOf(['IMAGE']).length).toBeGreaterThanOrEqual(1);
	});

	it('Converse (searchModels) offers no embedding or image model, by ID or through a profile', async () => {
		const { results } = await searchModels.call(loadOptions());
		const listed = values(results);
		for (const id of modelsOf(['EMBEDDING', 'IMAGE'])) {
			expect(listed.filter((v) => v === id || v.endsWith(`.${id}`))).toEqual([]);
		}
		expect(listed).toEqual(
			expect.arrayContaining([
				'amazon.nova-lite-v1:0',
				'us.anthropic.claude-3-5-haiku-20241022-v1:0',
			]),
		);
	});

	it('Generate (searchAllModels) offers embedding and image models too', async () => {
		const listed = values((await searchAllModels.call(loadOptions())).results);
		expect(listed).toEqual(expect.arrayContaining(modelsOf(['EMBEDDING', 'IMAGE'])));
	});

	it('leaves out models that cannot be called on demand (only through their profile)', async () => {
		const listed = values((await searchAllModels.call(loadOptions())).results);
		const profileOnly = FOUNDATION_MODELS.filter(
			(m) => !m.inferenceTypesSupported.includes('ON_DEMAND'),
		);
		expect(profileOnly.length).toBeGreaterThan(0);
		for (const m of profileOnly) {
			expect(listed).not.toContain(m.modelId);
			expect(listed).toContain(`us.${m.modelId}`);
		}
	});

	it('names every entry by one rule; profiles say they are profiles, and no name repeats', async () => {
		const { results } = await searchAllModels.call(loadOptions());
		const byValue = new Map(results.map((r) => [String(r.value), r.name]));
		expect(byValue.get('amazon.nova-lite-v1:0')).toBe('Amazon Nova Lite');
		expect(byValue.get('us.amazon.nova-lite-v1:0')).toBe('Amazon Nova Lite (US inference profile)');
		expect(byValue.get('us.deepseek.r1-v1:0')).toBe('DeepSeek-R1 (US inference profile)');
		expect(byValue.get('mistral.mistral-large-2402-v1:0')).toBe('Mistral Large (24.02)');
		expect(byValue.get('anthropic.claude-v2:1')).toBe('Anthropic Claude 2.1');
		const app = results.find((r) => String(r.value).includes(':application-inference-profile/'));
		expect(app?.name).toBe('n8n-team-nova-lite (application inference profile)');
		expect(app?.description).toMatch(/^Amazon Nova Lite · arn:aws:bedrock:/);
		const names = results.map((r) => r.name);
		expect(new Set(names).size).toBe(names.length);
		for (const r of results) {
			const value = String(r.value);
			const isProfile =
				/^(us|eu|apac|jp|au|ca|us-gov|global)\./.test(value) ||
				value.includes('inference-profile/');
			expect(r.name.includes('inference profile)')).toBe(isProfile);
		}
	});

	it("groups the list: the account's application profiles, then by provider and model, each model followed by its profiles", async () => {
		const { results } = await searchAllModels.call(loadOptions());
		const names = results.map((r) => r.name);
		const isApplication = (name: string) => name.endsWith('(application inference profile)');
		const firstOther = names.findIndex((n) => !isApplication(n));
		expect(names.slice(0, firstOther).every(isApplication)).toBe(true);
		expect(names.slice(firstOther).some(isApplication)).toBe(false);
		const rest = names.slice(firstOther);
		expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
		// Every system profile sits right after its model (or another profile of the same model).
		for (const [i, name] of rest.entries()) {
			const model = /^(.*) \([A-Za-z ]*inference profile\)$/.exec(name)?.[1];
			if (model && rest.includes(model)) expect(rest[i - 1].startsWith(model)).toBe(true);
		}
		const haiku = rest.indexOf('Anthropic Claude 3.5 Haiku (US inference profile)');
		expect(haiku).toBeGreaterThan(0);
		expect(rest[haiku - 1]).toMatch(/^Anthropic Claude 3\.5 Haiku/);
	});

	it('filters by name or ID', async () => {
		const { results } = await searchModels.call(loadOptions(), 'haiku');
		expect(results.length).toBeGreaterThan(0);
		for (const r of results) expect(`${r.name} ${r.value}`.toLowerCase()).toContain('haiku');
	});
});

describe('model naming rule', () => {
	it.each([
		['Amazon', 'Nova Lite', 'amazon.nova-lite-v1:0', 'Amazon Nova Lite'],
		['Anthropic', 'Claude 3.5 Haiku', 'x', 'Anthropic Claude 3.5 Haiku'],
		['DeepSeek', 'DeepSeek-R1', 'deepseek.r1-v1:0', 'DeepSeek-R1'],
		['Mistral AI', 'Mistral Large (24.02)', 'x', 'Mistral Large (24.02)'],
		['AI21 Labs', 'Jamba 1.5 Large', 'x', 'AI21 Labs Jamba 1.5 Large'],
		['Anthropic', 'Claude', 'anthropic.claude-v2:1', 'Anthropic Claude 2.1'],
		['Anthropic', 'Claude', 'anthropic.claude-v2', 'Anthropic Claude 2'],
		['Anthropic', 'Claude', 'anthropic.claude-v2:0', 'Anthropic Claude 2'],
		// No plain version in the ID: the ID tells the entries apart.
		['Acme', 'Widget', 'acme.widget-preview', 'Acme Widget (acme.widget-preview)'],
	])('%s + %s -> %s', (provider, model, id, expected) => {
		expect(modelDisplayName(provider, model, id)).toBe(expected);
	});

	it('profiles: geography from the ID prefix', () => {
		expect(profileGeo('us-gov.anthropic.claude-3-5-haiku-20241022-v1:0')).toBe('US GovCloud');
		expect(profileGeo('global.anthropic.claude-sonnet-4-20250514-v1:0')).toBe('Global');
		expect(profileGeo('amazon.nova-lite-v1:0')).toBeUndefined();
		expect(
			systemProfileName('Anthropic Claude Sonnet 4', 'eu.anthropic.claude-sonnet-4-20250514-v1:0'),
		).toBe('Anthropic Claude Sonnet 4 (EU inference profile)');
	});

	it('the example workflows name their model as the picker does', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const converse = require('../../../examples/bedrock-converse.json');
		const node = converse.nodes.find((n: { type: string }) => n.type.endsWith('.bedrockConverse'));
		const model = FOUNDATION_MODELS.find((m) => m.modelId === node.parameters.model.value)!;
		expect(node.parameters.model.cachedResultName).toBe(
			modelDisplayName(model.providerName, model.modelName, model.modelId),
		);
	});
});
