import { ParameterError } from '../shared/errors/parameterError';
import { EXAMPLE_TEMPLATES } from './modelFamilies';
import { OutputMappingError } from './outputMapping';
import { buildGenerateRequest, toVariable, type GenerateParameters } from './request';
import { TemplateError } from './template';

const row = (name: string, value: unknown, type?: string) =>
	(type ? { name, value, type } : { name, value }) as GenerateParameters['variables'][number];
const field = (name: unknown, path: unknown) => ({ name, path });

function build(overrides: Partial<GenerateParameters> = {}) {
	return buildGenerateRequest({
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		template: EXAMPLE_TEMPLATES.anthropic,
		variables: [row('prompt', 'hi')],
		outputMapping: 'default',
		customFields: [],
		options: {},
		...overrides,
	});
}

const decode = (body: Uint8Array) => new TextDecoder().decode(body);
const caught = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('did not throw');
};

describe('buildGenerateRequest', () => {
	it('renders the body and sends JSON both ways by default, with no optional header', () => {
		const request = build();
		expect(request.input).toEqual({
			modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
			body: expect.any(Uint8Array),
			contentType: 'application/json',
			accept: 'application/json',
		});
		expect(decode(request.input.body)).toBe(request.bodyText);
		expect(JSON.parse(request.bodyText).messages[0].content[0].text).toBe('hi');
		expect(request).toMatchObject({ customFields: [], includeDefaults: true, includeRaw: false });
	});

	it('takes a template an expression turned into an object', () => {
		const request = build({ template: { prompt: '{{prompt}}' } });
		expect(JSON.parse(request.bodyText)).toEqual({ prompt: 'hi' });
	});

	it('sets the guardrail with DRAFT as its default version, and the other headers', () => {
		const { input } = build({
			options: {
				guardrailIdentifier: '  gr-1 ',
				guardrailTrace: 'ENABLED',
				performanceLatency: 'optimized',
				serviceTier: 'reserved',
				contentType: 'application/json; charset=utf-8',
				accept: '*/*',
			},
		});
		expect(input).toMatchObject({
			guardrailIdentifier: 'gr-1',
			guardrailVersion: 'DRAFT',
			trace: 'ENABLED',
			performanceConfigLatency: 'optimized',
			serviceTier: 'reserved',
			contentType: 'application/json; charset=utf-8',
			accept: '*/*',
		});
	});

	it('refuses a guardrail version without a guardrail', () => {
		const error = caught(() => build({ options: { guardrailVersion: '1' } }));
		expect(error).toBeInstanceOf(ParameterError);
		expect((error as ParameterError).field).toBe('Guardrail Version');
	});

	it.each([
		['guardrailTrace', 'enabled'],
		['performanceLatency', 'fast'],
		['serviceTier', 'gold'],
		['accept', 'json'],
		['contentType', 'application/json\r\nx-evil: 1'],
	])('refuses %s = %j', (option, value) => {
		expect(caught(() => build({ options: { [option]: value } }))).toBeInstanceOf(ParameterError);
	});

	it('passes template errors through as TemplateError', () => {
		const error = caught(() => build({ variables: [] }));
		expect(error).toBeInstanceOf(TemplateError);
		expect((error as TemplateError).variables).toEqual(['prompt']);
	});

	it('checks custom fields only with Custom output mapping', () => {
		const bad = [field('x', '$..[?(@.a)]')];
		expect(build({ customFields: bad }).customFields).toEqual([]);
		const error = caught(() => build({ outputMapping: 'custom', customFields: bad }));
		expect(error).toBeInstanceOf(OutputMappingError);
		expect((error as OutputMappingError).outputField).toBe('x');
	});

	it.each([
		[[field('', '$.a')], 'has no name'],
		[[field('a', '$.a'), field(' a ', '$.b')], 'more than once'],
		[[field('__proto__', '$.a')], '__proto__'],
		[[field('a', '')], 'empty'],
		[[field('a', 'content[0]')], 'must start with $'],
	])('refuses custom fields %j', (fields, message) => {
		const error = caught(() => build({ outputMapping: 'custom', customFields: fields }));
		expect(error).toBeInstanceOf(OutputMappingError);
		expect((error as Error).message).toContain(message);
	});

	it('keeps trimmed custom fields and the default fields unless turned off', () => {
		const fields = [field(' summary ', ' $.content[0].text ')];
		expect(build({ outputMapping: 'custom', customFields: fields })).toMatchObject({
			customFields: [{ name: 'summary', path: '$.content[0].text' }],
			includeDefaults: true,
		});
		expect(
			build({ outputMapping: 'custom', customFields: fields, includeDefaultFields: false })
				.includeDefaults,
		).toBe(false);
		expect(build({ options: { includeRawResponse: true } }).includeRaw).toBe(true);
	});
});

describe('toVariable', () => {
	it('keeps values as they are with Auto', () => {
		expect(toVariable(row(' doc ', { a: 1 }))).toEqual({ name: 'doc', value: { a: 1 } });
		expect(toVariable(row('n', 5, 'auto'))).toEqual({ name: 'n', value: 5 });
	});

	it.each([
		['number', ' 12.5 ', 12.5],
		['number', 7, 7],
		['boolean', 'TRUE', true],
		['boolean', false, false],
		['json', '{"a": [1, 2]}', { a: [1, 2] }],
		['json', [1], [1]],
		['string', 42, '42'],
		['string', { a: 1 }, '{"a":1}'],
		['string', null, ''],
	])('converts to %s: %j', (type, value, expected) => {
		expect(toVariable(row('v', value, type)).value).toEqual(expected);
	});

	it.each([
		['number', 'twelve'],
		['number', ''],
		['number', 'Infinity'],
		['boolean', 'yes'],
		['json', '{secret: 1'],
		['date', 'x'],
	])('refuses %s %j without repeating the value', (type, value) => {
		const error = caught(() => toVariable(row('v', value, type)));
		expect(error).toBeInstanceOf(ParameterError);
		expect((error as Error).message).toContain('"v"');
		if (value.length > 3) expect((error as Error).message).not.toContain(value);
	});
});
