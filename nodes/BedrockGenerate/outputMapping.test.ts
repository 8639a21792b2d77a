import { JSONPath } from 'jsonpath-plus';

import {
	evaluatePath,
	JSONPATH_OPTIONS,
	mapOutput,
	OutputMappingError,
	validateJsonPath,
} from './outputMapping';

declare global {
	var pwned: unknown;
}

const response = {
	id: 'msg_1',
	content: [
		{ type: 'text', text: 'first' },
		{ type: 'text', text: 'second' },
	],
	usage: { input_tokens: 10, output_tokens: 20 },
	stop_reason: 'end_turn',
	'amazon-bedrock-invocationMetrics': { inputTokenCount: 10 },
	'key with spaces': { 'dotted.key': 'found' },
	choices: [{ message: { tool_calls: [{ function: { name: 'lookup', arguments: '{}' } }] } }],
	nested: { a: { x: 1 }, b: { x: 2 }, c: { y: 3 } },
	flag: false,
	nothing: null,
};

function errorOf(fn: () => unknown): OutputMappingError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(OutputMappingError);
		return error as OutputMappingError;
	}
	throw new Error('expected an OutputMappingError');
}

afterEach(() => {
	delete globalThis.pwned;
});

describe('mapOutput', () => {
	it('maps custom fields, single matches as values', () => {
		expect(
			mapOutput(response, [
				{ name: 'first', path: '$.content[0].text' },
				{ name: 'inputTokens', path: '$.usage.input_tokens' },
				{ name: 'stop', path: "$['stop_reason']" },
				{ name: 'metrics', path: '$.amazon-bedrock-invocationMetrics.inputTokenCount' },
				{ name: 'quoted', path: "$['key with spaces']['dotted.key']" },
				{ name: 'tool', path: '$.choices[0].message.tool_calls[0].function.name' },
				{ name: 'flag', path: '$.flag' },
				{ name: 'nothing', path: '$.nothing' },
			]),
		).toEqual({
			first: 'first',
			inputTokens: 10,
			stop: 'end_turn',
			metrics: 10,
			quoted: 'found',
			tool: 'lookup',
			flag: false,
			nothing: null,
		});
	});

	it('returns an array when a path matches several times', () => {
		expect(
			mapOutput(response, [
				{ name: 'texts', path: '$.content[*].text' },
				{ name: 'xs', path: '$..x' },
				{ name: 'slice', path: '$.content[0:1].text' },
				{ name: 'last', path: '$.content[-1:].text' },
			]),
		).toEqual({ texts: ['first', 'second'], xs: [1, 2], slice: 'first', last: 'second' });
	});

	it('leaves out fields whose path matches nothing', () => {
		const result = mapOutput(response, [
			{ name: 'text', path: '$.content[0].text' },
			{ name: 'missing', path: '$.usage.cache_tokens' },
			{ name: 'outOfRange', path: '$.content[5].text' },
		]);
		expect(result).toEqual({ text: 'first' });
		expect('missing' in result).toBe(false);
	});

	it('maps the whole body with $', () => {
		expect(mapOutput({ a: 1 }, [{ name: 'raw', path: '$' }])).toEqual({ raw: { a: 1 } });
	});

	it('copes with bodies that are not objects', () => {
		expect(mapOutput(null, [{ name: 'a', path: '$.a' }])).toEqual({});
		expect(mapOutput('text', [{ name: 'a', path: '$.a' }])).toEqual({});
		expect(mapOutput([1, 2], [{ name: 'a', path: '$[1]' }])).toEqual({ a: 2 });
	});

	it('refuses bad field names and duplicates before evaluating anything', () => {
		expect(errorOf(() => mapOutput(response, [{ name: ' ', path: '$.id' }])).problem).toBe(
			'An output field has no name',
		);
		expect(
			errorOf(() => mapOutput(response, [{ name: '__proto__', path: '$.id' }])).outputField,
		).toBe('__proto__');
		const duplicate = errorOf(() =>
			mapOutput(response, [
				{ name: 'a', path: '$.id' },
				{ name: 'a', path: '$.id' },
			]),
		);
		expect(duplicate.problem).toBe('Output field "a" is defined more than once');
	});

	it('names the field whose path is refused', () => {
		const error = errorOf(() =>
			mapOutput(response, [
				{ name: 'ok', path: '$.id' },
				{ name: 'evil', path: '$[?(@.id)]' },
			]),
		);
		expect(error.outputField).toBe('evil');
		expect(error.problem).toMatch(
			/^Output field "evil": Output path "\$\[\?\(@\.id\)\]" is not allowed/,
		);
	});
});

describe('validateJsonPath', () => {
	it.each([
		'$',
		'$.a',
		'$.a.b[0]',
		'$..x',
		'$..*',
		'$.*',
		'$..[0]',
		'$.items[*]',
		'$.items[*].name',
		"$['quoted key']",
		'$["double quoted"]',
		"$['dotted.key'].x",
		'$.items[0:2]',
		'$.items[-2:]',
		'$.items[::2]',
		'$.amazon-bedrock-invocationMetrics.inputTokenCount',
		'$.choices[0].message.tool_calls[0].function.arguments',
		'$.a.0',
	])('accepts %s', (path) => {
		expect(() => validateJsonPath(path)).not.toThrow();
	});

	const refused: Array<[string, RegExp]> = [
		['', /empty/],
		['   ', /empty/],
		['a.b', /must start with \$/],
		['content[0]', /must start with \$/],
		['$[?(@.type=="text")]', /filter \?\(\) and script \(\) expressions/],
		['$..[?(@.price < 10)]', /filter \?\(\) and script \(\)/],
		['$[(@.length-1)]', /filter \?\(\) and script \(\)/],
		["$['(globalThis.pwned=1)']", /filter \?\(\) and script \(\)/],
		['$.a.b)', /filter \?\(\) and script \(\)/],
		['$..@string()', /filter \?\(\) and script \(\)/],
		['$..@string', /"@"/],
		['$.a.@', /"@"/],
		['$.`a', /backticks/],
		['$.constructor', /"constructor"/],
		['$.__proto__.x', /"__proto__"/],
		["$['__proto__']", /"__proto__"/],
		['$..prototype', /"prototype"/],
		['$.process.env', /"process"/],
		['$.require', /"require"/],
		['$.globalThis', /"globalThis"/],
		['$.Function', /"Function"/],
		["$['constructor']", /"constructor"/],
		['$.a[-1]', /negative index \[-1\]: use \[-1:\]/],
		['$.a[', /expected an index/],
		['$.a[0', /expected "\]"/],
		['$.a.', /expected a property name/],
		['$..', /expected a property name/],
		['$.a b', /unexpected " "/],
		['$.a~', /unexpected "~"/],
		['$.a^', /unexpected "\^"/],
		["$['a\\'b']", /quoted name/],
		["$['']", /is not a property name/],
		["$['*']", /is not a property name/],
		['$[a]', /expected an index/],
	];

	it.each(refused)('refuses %j', (path, reason) => {
		const error = errorOf(() => validateJsonPath(path));
		expect(error.problem).toMatch(reason);
		expect(error.hint).toBe(
			"Only plain paths are allowed: $.a.b[0], $..x, $.items[*], $.items[0:2] or $['quoted key']",
		);
	});
});

it('refuses paths over 1000 characters', () => {
	expect(errorOf(() => validateJsonPath(`$.${'a'.repeat(1000)}`)).problem).toMatch(
		/longer than 1000/,
	);
});

describe('script evaluation stays off', () => {
	const hostile = [
		'$[?(globalThis.pwned = true)]',
		'$..[?(globalThis.pwned = true)]',
		'$[(globalThis.pwned = true)]',
		"$['(globalThis.pwned = true)']",
		'$.content[?(@.constructor.constructor("globalThis.pwned = true")())]',
		'$[?(@.__lookupGetter__("x"))]',
	];

	it.each(hostile)('validation refuses %s', (path) => {
		expect(() => validateJsonPath(path)).toThrow(OutputMappingError);
		expect(() => mapOutput(response, [{ name: 'x', path }])).toThrow(OutputMappingError);
		expect(globalThis.pwned).toBeUndefined();
	});

	it.each(hostile)('jsonpath-plus with our options does not run %s even unvalidated', (path) => {
		// The exact call mapOutput makes, with validation out of the way.
		expect(() => JSONPath({ ...JSONPATH_OPTIONS, path, json: response })).toThrow(/prevented/);
		expect(() => evaluatePath(response, path)).toThrow(/prevented/);
		expect(globalThis.pwned).toBeUndefined();
	});

	it('the same hostile filter would run with the library default, proving the test can see it', () => {
		// Default eval ("safe") evaluates filters; the assignment plugin lets it write to the
		// sandbox object only, so nothing global is touched, but the filter does run.
		const seen: unknown[] = [];
		JSONPath({
			path: '$.content[?(@.type === "text")]',
			json: response,
			callback: (value: unknown) => seen.push(value),
		});
		expect(seen).toHaveLength(2);
	});

	it('uses eval: false', () => {
		expect(JSONPATH_OPTIONS.eval).toBe(false);
		expect(Object.isFrozen(JSONPATH_OPTIONS)).toBe(true);
	});
});
