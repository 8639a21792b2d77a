import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BedrockGenerate } from './BedrockGenerate.node';
import { EXAMPLE_TEMPLATES } from './modelFamilies';
import { buildGenerateRequest, type VariableRow } from './request';

describe('Bedrock Generate description', () => {
	const { description } = new BedrockGenerate();
	const property = (name: string) =>
		description.properties.find((p) => p.name === name) as INodeProperties;

	it('is a tool-usable node with the four credentials', () => {
		expect(description).toMatchObject({ name: 'bedrockGenerate', usableAsTool: true });
		expect(description.credentials?.map((c) => c.name)).toEqual([
			'bedrockAccessKeysApi',
			'bedrockAssumeRoleApi',
			'bedrockRolesAnywhereApi',
			'bedrockApiKeyApi',
		]);
	});

	it('defaults to the Anthropic example and a prompt variable that fills it', () => {
		expect(property('requestBody').default).toBe(EXAMPLE_TEMPLATES.anthropic);
		const variables = (
			property('promptVariables').default as unknown as { variable: VariableRow[] }
		).variable;
		expect(variables.map((v) => v.name)).toEqual(['prompt']);
		const request = buildGenerateRequest({
			modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
			template: property('requestBody').default,
			variables,
			outputMapping: 'default',
			customFields: [],
			options: {},
		});
		expect(JSON.parse(request.bodyText)).toMatchObject({ messages: [{ content: [{ text: '' }] }] });
	});

	it('the Template Example shown by default is the one the Request Body Template starts as', () => {
		const shown = property('templateExample').default as string;
		expect(shown).not.toBe('none');
		const notice = property(`example_${shown}`);
		expect(notice.displayOptions?.show?.templateExample).toEqual([shown]);
		const example = notice.displayName.replace(/^Copy into Request Body Template: /, '');
		expect(JSON.parse(example)).toEqual(JSON.parse(property('requestBody').default as string));
	});

	it('shows each template example as one line of JSON', () => {
		const notices = description.properties.filter((p) => p.name.startsWith('example_'));
		expect(notices.length).toBeGreaterThanOrEqual(10);
		for (const notice of notices) {
			const text = notice.displayName.replace(/^Copy into Request Body Template: /, '');
			expect(() => JSON.parse(text)).not.toThrow();
			expect(text).toContain('{{prompt}}');
		}
		const choices = (property('templateExample').options as unknown as IDataObject[]).map(
			(o) => o.value,
		);
		expect(choices.filter((c) => c !== 'none').sort()).toEqual(
			notices.map((n) => n.name.replace('example_', '')).sort(),
		);
	});
});
