import {
	findJsonError,
	MAX_REQUEST_BODY_BYTES,
	renderTemplate,
	TemplateError,
	templatePlaceholders,
	type PromptVariable,
} from './template';

/** A prompt variable; built by a helper so the n8n lint rules do not read it as a parameter. */
const variable = (name: string, value: unknown): PromptVariable => ({ name, value });

const render = (template: string, vars: Record<string, unknown>) =>
	renderTemplate(
		template,
		Object.entries(vars).map(([name, value]) => variable(name, value)),
	);

function errorOf(fn: () => unknown): TemplateError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(TemplateError);
		return error as TemplateError;
	}
	throw new Error('expected a TemplateError');
}

describe('renderTemplate: values inside strings', () => {
	const hostile: Array<[string, string]> = [
		['quote and brace', '"}'],
		['escaped quote', '\\"'],
		['backslashes', '\\\\ \\ \\n \\u0041'],
		['newlines and tabs', 'line 1\nline 2\r\n\tend'],
		['injection attempt', '","injected":"x'],
		['closing the object', '"}, "evil": true, "x": {"'],
		['unicode separators', 'a\u2028b\u2029c'],
		['control characters', '\u0000\u0001\u0007\u001f\u007f'],
		['a placeholder inside a value', '{{other}} and {{ other }}'],
		['lone surrogates', 'x\ud800y\udfffz'],
		['emoji and non-latin', '😀 日本語 ß'],
		['only braces', '{{}}{{'],
	];

	it.each(hostile)('%s round-trips exactly', (_label, value) => {
		const body = render('{"text": "Summarise: {{doc}}", "other": "{{other}}"}', {
			doc: value,
			other: 'O',
		});
		const parsed = JSON.parse(body);
		expect(parsed.text).toBe(`Summarise: ${value}`);
		expect(parsed.other).toBe('O');
		expect(Object.keys(parsed)).toEqual(['text', 'other']);
	});

	it('escapes U+2028 and U+2029 instead of writing them raw', () => {
		const body = render('{"t": "{{v}}"}', { v: '\u2028\u2029' });
		expect(body).toBe('{"t": "\\u2028\\u2029"}');
	});

	it('never expands a placeholder found in a value (single pass)', () => {
		const body = render('{"a": "{{x}}", "b": "{{y}}"}', { x: '{{y}}', y: 'Y' });
		expect(JSON.parse(body)).toEqual({ a: '{{y}}', b: 'Y' });
	});

	it('keeps a 10k-character value intact', () => {
		const value = Array.from({ length: 10_000 }, (_, i) => '"\\\n}{x'[i % 6]).join('');
		expect(value).toHaveLength(10_000);
		const parsed = JSON.parse(render('{"text": "{{doc}}"}', { doc: value }));
		expect(parsed.text).toBe(value);
	});

	it('inserts several placeholders into one string and accepts spaces in the braces', () => {
		const body = render('{"t": "{{ a }}-{{b}}-{{  c  }}"}', { a: 1, b: true, c: 'x"y' });
		expect(JSON.parse(body).t).toBe('1-true-x"y');
	});

	it('stringifies objects and arrays compactly, Dates as their ISO text', () => {
		const when = new Date('2024-05-06T07:08:09.000Z');
		const body = render('{"t": "data={{obj}} list={{arr}} at {{when}}"}', {
			obj: { a: 1, b: 'q"uote' },
			arr: [1, 'two'],
			when,
		});
		expect(JSON.parse(body).t).toBe(
			'data={"a":1,"b":"q\\"uote"} list=[1,"two"] at 2024-05-06T07:08:09.000Z',
		);
	});

	it('turns null and undefined into empty text inside strings', () => {
		const body = render('{"t": "[{{a}}][{{b}}]"}', { a: null, b: undefined });
		expect(JSON.parse(body).t).toBe('[][]');
	});

	it('works in property names too', () => {
		const body = render('{"{{key}}": 1}', { key: 'we"ird' });
		expect(JSON.parse(body)).toEqual({ 'we"ird': 1 });
	});

	it('is not fooled by escaped quotes in the template before a placeholder', () => {
		const body = render('{"t": "say \\"{{w}}\\" now"}', { w: 'hi"' });
		expect(JSON.parse(body).t).toBe('say "hi"" now');
	});
});

describe('renderTemplate: values as whole JSON values', () => {
	it('inserts numbers, booleans, null, objects and arrays as JSON', () => {
		const body = render(
			'{"max_tokens": {{max}}, "temperature": {{t}}, "stream": {{s}}, "stop": {{stop}}, "meta": {{meta}}, "none": {{n}}}',
			{
				max: 512,
				t: 0.25,
				s: false,
				stop: ['\n\nHuman:', '"'],
				meta: { nested: { deep: [1] } },
				n: null,
			},
		);
		expect(JSON.parse(body)).toEqual({
			max_tokens: 512,
			temperature: 0.25,
			stream: false,
			stop: ['\n\nHuman:', '"'],
			meta: { nested: { deep: [1] } },
			none: null,
		});
	});

	it('inserts a string value as a JSON string', () => {
		const body = render('{"prompt": {{p}}}', { p: 'a "quoted"\nvalue' });
		expect(JSON.parse(body)).toEqual({ prompt: 'a "quoted"\nvalue' });
	});

	it('inserts undefined as null and a BigInt as an exact number', () => {
		const body = render('{"a": {{u}}, "b": {{big}}}', { u: undefined, big: 12345678901234567890n });
		expect(body).toBe('{"a": null, "b": 12345678901234567890}');
	});

	it('lets a whole-value placeholder be an array element or the whole body', () => {
		expect(JSON.parse(render('[{{a}}, {{b}}]', { a: 1, b: 'x' }))).toEqual([1, 'x']);
		expect(JSON.parse(render('{{body}}', { body: { messages: [] } }))).toEqual({ messages: [] });
	});

	it('escapes U+2028 inside objects inserted as values', () => {
		const body = render('{"m": {{m}}}', { m: { t: '\u2028' } });
		expect(body).toBe('{"m": {"t":"\\u2028"}}');
		expect(JSON.parse(body)).toEqual({ m: { t: '\u2028' } });
	});

	it('refuses values JSON cannot hold, naming the variable but not its value', () => {
		for (const value of [NaN, Infinity, () => 1, Symbol('s')]) {
			const error = errorOf(() => render('{"a": {{v}}}', { v: value }));
			expect(error.code).toBe('UnsupportedValue');
			expect(error.variables).toEqual(['v']);
		}
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		expect(errorOf(() => render('{"a": "{{v}}"}', { v: circular })).code).toBe('UnsupportedValue');
		expect(errorOf(() => render('{"a": {{v}}}', { v: { n: 1n } })).problem).toMatch(/"v"/);
	});
});

describe('renderTemplate: variables', () => {
	it('names every unknown placeholder once, in order', () => {
		const error = errorOf(() => render('{"a": "{{foo}}", "b": {{bar}}, "c": "{{foo}}"}', { x: 1 }));
		expect(error.code).toBe('UnknownVariable');
		expect(error.problem).toBe(
			'Unknown prompt variables: foo, bar. Define them under Prompt Variables or remove them from the template',
		);
		expect(error.variables).toEqual(['foo', 'bar']);
	});

	it('does not find names on Object.prototype', () => {
		const error = errorOf(() => render('{"a": "{{constructor}}", "b": "{{__proto__}}"}', {}));
		expect(error.variables).toEqual(['constructor', '__proto__']);
	});

	it('refuses duplicate names (after trimming)', () => {
		const vars = [variable('doc', 1), variable(' doc ', 2), variable('x', 3), variable('x', 4)];
		const error = errorOf(() => renderTemplate('{"a": {{doc}}}', vars));
		expect(error.code).toBe('DuplicateVariable');
		expect(error.problem).toBe('Prompt variables defined more than once: doc, x');
	});

	it('refuses names that no placeholder could use', () => {
		for (const name of ['', 'two words', '1st', 'a{b}']) {
			const error = errorOf(() => renderTemplate('{}', [variable(name, 1)]));
			expect(error.code).toBe('InvalidVariableName');
		}
	});

	it('accepts unused variables and dotted or dashed names', () => {
		const body = render('{"a": "{{user.name}}", "b": {{max-tokens}}}', {
			'user.name': 'Ann',
			'max-tokens': 5,
			unused: 'x',
		});
		expect(JSON.parse(body)).toEqual({ a: 'Ann', b: 5 });
	});

	it('lists placeholders in order of first use', () => {
		expect(templatePlaceholders('{"a": "{{b}} {{a}}", "c": {{b}}}')).toEqual(['b', 'a']);
	});
});

describe('renderTemplate: invalid templates', () => {
	it('reports a trailing comma with its line and column and blames the template', () => {
		const template = '{\n  "prompt": "{{p}}",\n  "max_tokens": 10,\n}';
		const error = errorOf(() => render(template, { p: 'x"}\n' }));
		expect(error.code).toBe('InvalidJson');
		expect(error.line).toBe(3);
		expect(error.column).toBe(19);
		expect(error.problem).toContain('line 3, column 19');
		expect(error.problem).toContain('trailing comma');
		expect(error.hint).toMatch(/template itself/);
	});

	it('reports positions in the template, not in the rendered text', () => {
		// The long value before the error must not shift the reported column.
		const error = errorOf(() => render('{"a": "{{long}}", "b": tru}', { long: 'x'.repeat(500) }));
		expect(error.line).toBe(1);
		expect(error.column).toBe(24);
		expect(error.problem).toContain('expected true');
	});

	it('reports a missing comma, an unclosed string and a raw line break', () => {
		expect(errorOf(() => render('{"a": 1 "b": 2}', {})).problem).toMatch(
			/line 1, column 9: expected "," or "}"/,
		);
		expect(errorOf(() => render('{"a": "open}', {})).problem).toMatch(/not closed/);
		expect(errorOf(() => render('{"a": "x\ny"}', {})).problem).toMatch(
			/line 1, column 9: a raw line break/,
		);
	});

	it('points at a placeholder whose value does not fit where it stands', () => {
		const error = errorOf(() => render('{ {{key}}: 1 }', { key: 5 }));
		expect(error.code).toBe('InvalidJson');
		expect(error.variables).toEqual(['key']);
		expect(error.problem).toBe(
			'The request body template is not valid JSON once {{key}} is inserted at line 1, column 3: expected a property name in double quotes',
		);
		// A string there is a valid property name.
		expect(JSON.parse(render('{ {{key}}: 1 }', { key: 'k' }))).toEqual({ k: 1 });
	});

	it('refuses a malformed placeholder outside strings, leaves one inside strings as text', () => {
		const error = errorOf(() => render('{"a": {{ not valid }}}', {}));
		expect(error.code).toBe('InvalidPlaceholder');
		expect(error.problem).toContain('"{{ not valid }}" at line 1, column 7');
		expect(JSON.parse(render('{"a": "{{ not valid }}"}', {}))).toEqual({ a: '{{ not valid }}' });
	});

	it('refuses an empty template', () => {
		expect(errorOf(() => render('  ', {})).code).toBe('InvalidJson');
	});

	it('finds the first JSON error in plain text', () => {
		expect(findJsonError('{"a": [1, 2]}')).toBeUndefined();
		expect(findJsonError('[1, 2,]')).toEqual({
			offset: 5,
			problem: 'a comma before "]" (trailing comma)',
		});
		expect(findJsonError('{"a": 1} x')?.offset).toBe(9);
		expect(findJsonError('{"a": "\\q"}')?.problem).toMatch(/not a JSON escape/);
		expect(findJsonError('{"a": 01}')?.offset).toBe(7);
		expect(findJsonError('')?.problem).toMatch(/expected a value/);
		expect(findJsonError('{"a": "\\u00e9", "b": [true, false, null, {}, []]}')).toBeUndefined();
		expect(findJsonError('{"a": "\\u00g9"}')?.problem).toMatch(/four hex digits/);
		expect(findJsonError('[1 2]')).toEqual({
			offset: 3,
			problem: 'expected "," or "]" after an array element but found "2"',
		});
		expect(findJsonError('{"a": 1')?.problem).toMatch(/found the end of the text/);
		expect(findJsonError('{"a" 1}')?.problem).toMatch(/expected ":"/);
		expect(findJsonError('{"a": -}')?.problem).toBe('not a valid number');
		expect(findJsonError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)?.problem).toBe(
			'nested too deeply',
		);
	});

	it('refuses a function inside a string too', () => {
		expect(errorOf(() => render('{"a": "{{f}}"}', { f: () => 1 })).code).toBe('UnsupportedValue');
	});
});

describe('renderTemplate: size guard', () => {
	it('refuses a body over 25 MB and names the largest variable', () => {
		const big = 'x'.repeat(MAX_REQUEST_BODY_BYTES);
		const error = errorOf(() => render('{"a": "{{small}}", "b": "{{big}}"}', { small: 'y', big }));
		expect(error.code).toBe('TooLarge');
		expect(error.problem).toContain('25 MB (25,000,000 bytes)');
		expect(error.problem).toContain('{{big}}');
		expect(error.problem).not.toContain('xxxx');
	});

	it('counts UTF-8 bytes, not characters', () => {
		// 8.4M three-byte characters: 8.4M UTF-16 units, about 25.2 MB of UTF-8.
		const value = '€'.repeat(8_400_000);
		expect(errorOf(() => render('{"a": "{{v}}"}', { v: value })).code).toBe('TooLarge');
	});

	it('accepts a body just under the limit', () => {
		const value = 'x'.repeat(MAX_REQUEST_BODY_BYTES - 20);
		const body = render('{"a": "{{v}}"}', { v: value });
		expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES);
	});
});
