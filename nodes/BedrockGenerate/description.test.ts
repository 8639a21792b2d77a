import {
	NodeHelpers,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

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
		expect(start().requestBody).toBe(EXAMPLE_TEMPLATES.anthropic);
		const variables = (
			property('promptVariables').default as unknown as { variable: VariableRow[] }
		).variable;
		expect(variables.map((v) => v.name)).toEqual(['prompt']);
		const request = buildGenerateRequest({
			modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
			template: start().requestBody as string,
			variables,
			outputMapping: 'default',
			customFields: [],
			options: {},
		});
		expect(JSON.parse(request.bodyText)).toMatchObject({ messages: [{ content: [{ text: '' }] }] });
	});

	/**
	 * What n8n's editor does when a parameter changes (NodeSettings' valueChanged): drop the
	 * values equal to their defaults, set the new value, then add the defaults the parameters
	 * shown now have.
	 */
	function change(parameters: INodeParameters, name: string, value: string): INodeParameters {
		const changed = {
			...NodeHelpers.getNodeParameters(
				description.properties,
				parameters,
				false,
				false,
				NODE,
				description,
			),
			[name]: value,
		};
		return NodeHelpers.getNodeParameters(
			description.properties,
			changed,
			true,
			false,
			NODE,
			description,
		)!;
	}

	const NODE: Pick<INode, 'typeVersion'> = { typeVersion: 1 };

	function start(): INodeParameters {
		return NodeHelpers.getNodeParameters(
			description.properties,
			{},
			true,
			false,
			NODE,
			description,
		)!;
	}

	it('Template Example fills the Request Body Template with the family example', () => {
		const parameters = start();
		expect(parameters.templateExample).toBe('anthropic');
		expect(parameters.requestBody).toBe(EXAMPLE_TEMPLATES.anthropic);
		const nova = change(parameters, 'templateExample', 'nova');
		expect(nova.requestBody).toBe(EXAMPLE_TEMPLATES.nova);
		expect(change(nova, 'templateExample', 'titanEmbed').requestBody).toBe(
			EXAMPLE_TEMPLATES.titanEmbed,
		);
	});

	it('Template Example keeps a template the user edited', () => {
		const edited = change(start(), 'requestBody', '{"prompt": "{{prompt}}", "mine": true}');
		expect(change(edited, 'templateExample', 'nova').requestBody).toBe(
			'{"prompt": "{{prompt}}", "mine": true}',
		);
	});

	it('offers an example for every family, each a JSON body with {{prompt}}', () => {
		const families = (property('templateExample').options as unknown as IDataObject[]).map(
			(o) => o.value as keyof typeof EXAMPLE_TEMPLATES,
		);
		expect(families.length).toBeGreaterThanOrEqual(10);
		expect(
			description.properties.filter((p) => p.type === 'notice' && /Copy/.test(p.displayName)),
		).toEqual([]);
		for (const family of families) {
			const body = change(start(), 'templateExample', family).requestBody as string;
			expect(body).toBe(EXAMPLE_TEMPLATES[family]);
			expect(body).toContain('{{prompt}}');
		}
	});
});
