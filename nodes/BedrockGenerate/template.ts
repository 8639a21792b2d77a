/**
 * The Generate node's request body: a JSON template with `{{name}}` placeholders, rendered in a
 * single pass into the body sent to InvokeModel.
 *
 * The template is tokenised so that each placeholder is known to stand either inside a JSON
 * string literal or as a whole JSON value:
 *
 * - inside a string (`"text": "Summarise: {{doc}}"`) the value is inserted JSON-string-escaped
 *   (quotes, backslashes, control characters, lone surrogates, U+2028/U+2029), so it can never end
 *   the string early;
 * - as a whole value (`"max_tokens": {{maxTokens}}`) a number, boolean, null, object or array is
 *   inserted as JSON and a string as a JSON string.
 *
 * Values are never scanned again: a value holding `{{other}}`, `"}` or `\"` is text, nothing more.
 * Because every value is escaped, a rendered body that is not valid JSON is the template's fault,
 * and the error says where in the template.
 */

/** A named value the template can refer to as `{{name}}`. */
export interface PromptVariable {
	name: string;
	value: unknown;
}

export type TemplateErrorCode =
	| 'InvalidVariableName'
	| 'DuplicateVariable'
	| 'UnknownVariable'
	| 'InvalidPlaceholder'
	| 'UnsupportedValue'
	| 'InvalidJson'
	| 'TooLarge';

export interface TemplateErrorDetails {
	/** What to change. */
	description?: string;
	/** Variable names concerned (unknown, duplicated, unsupported…). */
	variables?: string[];
	/** 1-based position in the template, for errors that have one. */
	line?: number;
	column?: number;
}

/** The template or its variables cannot produce a request body. Never carries a variable's value. */
export class TemplateError extends Error {
	readonly code: TemplateErrorCode;
	readonly description?: string;
	readonly variables?: string[];
	readonly line?: number;
	readonly column?: number;

	constructor(code: TemplateErrorCode, message: string, details: TemplateErrorDetails = {}) {
		super(message);
		this.name = 'TemplateError';
		this.code = code;
		Object.assign(this, details);
	}
}

/**
 * Largest request body InvokeModel accepts: the API reference gives the `body` member a maximum
 * length of 25,000,000 bytes.
 */
export const MAX_REQUEST_BODY_BYTES = 25_000_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** `{{ name }}` at a given position (sticky). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/y;

interface Literal {
	kind: 'literal';
	start: number;
	end: number;
}

interface Placeholder {
	kind: 'placeholder';
	name: string;
	/** True when the placeholder stands inside a JSON string literal of the template. */
	inString: boolean;
	start: number;
	end: number;
}

type Token = Literal | Placeholder;

/**
 * Splits a template into literal text and placeholders, tracking JSON string literals so each
 * placeholder knows whether it is inside one. Outside strings `{{` can never be valid JSON, so
 * a `{{` there that is not a well-formed placeholder is reported here, with its position.
 */
function tokenize(template: string): Token[] {
	const tokens: Token[] = [];
	let literalStart = 0;
	let inString = false;
	let i = 0;
	const flush = (end: number) => {
		if (end > literalStart) tokens.push({ kind: 'literal', start: literalStart, end });
	};
	while (i < template.length) {
		const c = template[i];
		if (inString && c === '\\') {
			i += 2;
			continue;
		}
		if (c === '"') {
			inString = !inString;
			i++;
			continue;
		}
		if (c === '{' && template[i + 1] === '{') {
			PLACEHOLDER.lastIndex = i;
			const match = PLACEHOLDER.exec(template);
			if (match) {
				flush(i);
				const end = i + match[0].length;
				tokens.push({ kind: 'placeholder', name: match[1], inString, start: i, end });
				literalStart = end;
				i = end;
				continue;
			}
			if (!inString) {
				const { line, column } = position(template, i);
				const close = template.indexOf('}}', i);
				const text = close >= 0 && close - i < 60 ? template.slice(i, close + 2) : '{{';
				throw new TemplateError(
					'InvalidPlaceholder',
					`"${text}" at line ${line}, column ${column} of the template is not a valid placeholder`,
					{
						line,
						column,
						description:
							'Write placeholders as {{name}}, where the name starts with a letter or _ and has only letters, digits, _ . and -',
					},
				);
			}
		}
		i++;
	}
	flush(template.length);
	return tokens;
}

/** Unique placeholder names of a template, in order of first use. */
export function templatePlaceholders(template: string): string[] {
	const names = new Set<string>();
	for (const token of tokenize(template)) if (token.kind === 'placeholder') names.add(token.name);
	return [...names];
}

function variableMap(variables: PromptVariable[]): Map<string, unknown> {
	const map = new Map<string, unknown>();
	const duplicates = new Set<string>();
	for (const variable of variables) {
		const name = typeof variable.name === 'string' ? variable.name.trim() : '';
		if (!NAME.test(name)) {
			throw new TemplateError(
				'InvalidVariableName',
				name ? `Prompt variable name "${name}" is not valid` : 'A prompt variable has no name',
				{
					description:
						'Names start with a letter or _ and contain only letters, digits, _ . and -, e.g. doc or user.name',
					variables: name ? [name] : [],
				},
			);
		}
		if (map.has(name)) duplicates.add(name);
		map.set(name, variable.value);
	}
	if (duplicates.size > 0) {
		const names = [...duplicates];
		throw new TemplateError(
			'DuplicateVariable',
			`Prompt variables defined more than once: ${names.join(', ')}`,
			{ description: 'Give each prompt variable its own name', variables: names },
		);
	}
	return map;
}

/** JSON string content for `text`: everything that could end or break a string is escaped. */
function escapeStringContent(text: string): string {
	return JSON.stringify(text)
		.slice(1, -1)
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

function unsupported(name: string, what: string): TemplateError {
	return new TemplateError('UnsupportedValue', `Prompt variable "${name}" ${what}`, {
		description: 'Give the variable a string, number, boolean, null, object or array value',
		variables: [name],
	});
}

/** Compact JSON for an object value; never includes the value in an error. */
function stringifyObject(name: string, value: object): string {
	let json: string | undefined;
	try {
		json = JSON.stringify(value);
	} catch (error) {
		const reason = error instanceof RangeError ? 'is nested too deeply' : 'cannot be converted';
		throw unsupported(name, `${reason} to JSON (circular or holds a BigInt?)`);
	}
	if (json === undefined) throw unsupported(name, 'cannot be converted to JSON');
	return json;
}

/** The JSON text a value becomes where it stands as a whole JSON value. */
function asJsonValue(name: string, value: unknown): string {
	switch (typeof value) {
		case 'string':
			return `"${escapeStringContent(value)}"`;
		case 'number':
			if (!Number.isFinite(value)) throw unsupported(name, `is ${value}, which JSON cannot hold`);
			return JSON.stringify(value);
		case 'boolean':
			return value ? 'true' : 'false';
		case 'bigint':
			return value.toString();
		case 'undefined':
			return 'null';
		case 'object':
			if (value === null) return 'null';
			return escapeJsonText(stringifyObject(name, value));
		default:
			throw unsupported(name, `is a ${typeof value}, not data`);
	}
}

/** U+2028/U+2029 are legal in JSON strings; escape them anyway so no consumer trips on them. */
function escapeJsonText(json: string): string {
	return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The text a value becomes inside a JSON string literal, already escaped. */
function asStringContent(name: string, value: unknown): string {
	switch (typeof value) {
		case 'string':
			return escapeStringContent(value);
		case 'number':
		case 'boolean':
		case 'bigint':
			return String(value);
		case 'undefined':
			return '';
		case 'object': {
			if (value === null) return '';
			const json = stringifyObject(name, value);
			// An object whose JSON is a string (a Date) is inserted as that string, unquoted.
			const text = json.startsWith('"') ? (JSON.parse(json) as string) : json;
			return escapeStringContent(text);
		}
		default:
			throw unsupported(name, `is a ${typeof value}, not data`);
	}
}

function position(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text[i] === '\n') {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

function megabytes(bytes: number): string {
	return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Where each part of the rendered text came from, to map a JSON error back to the template. */
interface Piece {
	token: Token;
	renderedStart: number;
	renderedEnd: number;
}

/**
 * Renders a JSON request body template with `{{name}}` placeholders and returns JSON text that
 * parses.
 *
 * - A placeholder inside a JSON string gets the value as escaped text: strings as they are,
 *   numbers and booleans as written, objects and arrays as compact JSON, `null` and `undefined`
 *   as nothing.
 * - A placeholder standing as a value gets the value as JSON: strings quoted, `undefined` as
 *   `null`. `NaN`, `Infinity`, functions and symbols are refused.
 * - One pass: inserted values are never searched for placeholders. To send a literal `{{x}}`,
 *   put it in a variable's value.
 * - Variables the template does not use are fine; placeholders without a variable are an error
 *   naming all of them. Variable names are trimmed and must be unique.
 *
 * @throws TemplateError for unknown or duplicate variables, unsupported values, a template that
 * is not valid JSON (with its line and column) and bodies over {@link MAX_REQUEST_BODY_BYTES}.
 *
 * @example
 * ```ts
 * renderTemplate('{"prompt": "Summarise: {{doc}}", "max_tokens": {{max}}}', [
 * 	{ name: 'doc', value: 'He said "hi"\n' },
 * 	{ name: 'max', value: 512 },
 * ]); // '{"prompt": "Summarise: He said \\"hi\\"\\n", "max_tokens": 512}'
 * ```
 * @public
 */
export function renderTemplate(template: string, variables: PromptVariable[]): string {
	if (typeof template !== 'string' || template.trim() === '') {
		throw new TemplateError('InvalidJson', 'The request body template is empty', {
			description: 'Enter the JSON body the model expects, e.g. {"prompt": "{{prompt}}"}',
		});
	}
	const values = variableMap(variables);
	const tokens = tokenize(template);

	const unknown = [
		...new Set(
			tokens.flatMap((token) =>
				token.kind === 'placeholder' && !values.has(token.name) ? [token.name] : [],
			),
		),
	];
	if (unknown.length > 0) {
		throw new TemplateError(
			'UnknownVariable',
			`Unknown prompt variables: ${unknown.join(', ')}. Define them under Prompt Variables or remove them from the template`,
			{ variables: unknown },
		);
	}

	const parts: string[] = [];
	const pieces: Piece[] = [];
	const bytesByVariable = new Map<string, number>();
	let length = 0;
	let bytes = 0;
	for (const token of tokens) {
		let text: string;
		if (token.kind === 'literal') {
			text = template.slice(token.start, token.end);
		} else {
			const value = values.get(token.name);
			text = token.inString ? asStringContent(token.name, value) : asJsonValue(token.name, value);
		}
		const size = Buffer.byteLength(text, 'utf8');
		bytes += size;
		if (token.kind === 'placeholder') {
			bytesByVariable.set(token.name, (bytesByVariable.get(token.name) ?? 0) + size);
		}
		if (bytes > MAX_REQUEST_BODY_BYTES) throw tooLarge(bytes, bytesByVariable);
		parts.push(text);
		pieces.push({ token, renderedStart: length, renderedEnd: length + text.length });
		length += text.length;
	}
	const rendered = parts.join('');

	try {
		JSON.parse(rendered);
	} catch {
		throw invalidJson(template, rendered, pieces);
	}
	return rendered;
}

function tooLarge(bytes: number, bytesByVariable: Map<string, number>): TemplateError {
	const largest = [...bytesByVariable.entries()].sort((a, b) => b[1] - a[1])[0];
	const hint = largest
		? ` The largest value is {{${largest[0]}}} with ${megabytes(largest[1])}.`
		: '';
	return new TemplateError(
		'TooLarge',
		`The request body is over ${megabytes(bytes)} already; Bedrock InvokeModel accepts at most 25 MB (${MAX_REQUEST_BODY_BYTES.toLocaleString('en-US')} bytes).${hint}`,
		{
			description:
				'Shorten the prompt variables, split the input across several requests or send large files through a model that reads them from S3',
			variables: largest ? [largest[0]] : [],
		},
	);
}

function invalidJson(template: string, rendered: string, pieces: Piece[]): TemplateError {
	const found = findJsonError(rendered);
	const offset = found?.offset ?? rendered.length;
	const problem = found?.problem ?? 'not valid JSON';
	const piece =
		pieces.find((p) => offset >= p.renderedStart && offset < p.renderedEnd) ??
		pieces[pieces.length - 1];
	const token = piece.token;
	const templateOffset =
		token.kind === 'literal'
			? Math.min(token.start + (offset - piece.renderedStart), token.end)
			: token.start;
	const { line, column } = position(template, templateOffset);
	const where = `line ${line}, column ${column}`;
	if (token.kind === 'placeholder') {
		return new TemplateError(
			'InvalidJson',
			// Leave out what was found there: it is part of the variable's value.
			`The request body template is not valid JSON once {{${token.name}}} is inserted at ${where}: ${problem.replace(/ but found .*$/, '')}`,
			{
				line,
				column,
				variables: [token.name],
				description:
					'A placeholder outside quotes becomes a JSON value (a string value becomes a quoted string), so the template around it must expect a value there. Put the placeholder inside quotes to insert it as text.',
			},
		);
	}
	const excerpt = template
		.slice(Math.max(0, templateOffset - 20), templateOffset + 20)
		.replace(/\s+/g, ' ');
	return new TemplateError(
		'InvalidJson',
		`The request body template is not valid JSON at ${where}: ${problem} (near "${excerpt}")`,
		{
			line,
			column,
			description:
				'Fix the template itself: variable values are always inserted escaped and cannot break its JSON',
		},
	);
}

/** Stops the JSON scanner at the first error. */
class JsonSyntaxError {
	constructor(
		readonly offset: number,
		readonly problem: string,
	) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds the first JSON syntax error in `text` and says what was expected there. Used only after
 * `JSON.parse` failed, because V8's messages do not always carry a position.
 */
export function findJsonError(text: string): { offset: number; problem: string } | undefined {
	let i = 0;
	const fail = (problem: string, at = i): never => {
		throw new JsonSyntaxError(at, problem);
	};
	const describe = (at: number) => (at >= text.length ? 'the end of the text' : `"${text[at]}"`);
	const ws = () => {
		while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
	};
	const string = () => {
		const start = i;
		i++;
		for (;;) {
			if (i >= text.length) fail('a string is not closed with "', start);
			const c = text.charCodeAt(i);
			if (c === 0x22) {
				i++;
				return;
			}
			if (c === 0x5c) {
				const next = text[i + 1];
				if (next === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
						fail('\\u must be followed by four hex digits');
					}
					i += 6;
				} else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
					i += 2;
				} else {
					fail(`"\\${next ?? ''}" is not a JSON escape; write \\\\ for a backslash`);
				}
				continue;
			}
			if (c < 0x20) {
				fail('a raw line break or control character inside a string; write \\n or \\t instead');
			}
			i++;
		}
	};
	const value = (): void => {
		const c = text[i];
		if (c === '{') return object();
		if (c === '[') return array();
		if (c === '"') return string();
		if (c === '-' || (c >= '0' && c <= '9')) {
			NUMBER.lastIndex = i;
			const match = NUMBER.exec(text);
			if (!match) fail('not a valid number');
			i += match![0].length;
			return;
		}
		for (const word of ['true', 'false', 'null']) {
			if (c === word[0]) {
				if (text.startsWith(word, i)) {
					i += word.length;
					return;
				}
				fail(`expected ${word}`);
			}
		}
		fail(`expected a value but found ${describe(i)}`);
	};
	const object = () => {
		i++;
		ws();
		if (text[i] === '}') {
			i++;
			return;
		}
		for (;;) {
			if (text[i] !== '"')
				fail(`expected a property name in double quotes but found ${describe(i)}`);
			string();
			ws();
			if (text[i] !== ':') fail(`expected ":" after the property name but found ${describe(i)}`);
			i++;
			ws();
			value();
			ws();
			if (text[i] === ',') {
				const comma = i;
				i++;
				ws();
				if (text[i] === '}') fail('a comma before "}" (trailing comma)', comma);
				continue;
			}
			if (text[i] === '}') {
				i++;
				return;
			}
			fail(`expected "," or "}" after a property value but found ${describe(i)}`);
		}
	};
	const array = () => {
		i++;
		ws();
		if (text[i] === ']') {
			i++;
			return;
		}
		for (;;) {
			value();
			ws();
			if (text[i] === ',') {
				const comma = i;
				i++;
				ws();
				if (text[i] === ']') fail('a comma before "]" (trailing comma)', comma);
				continue;
			}
			if (text[i] === ']') {
				i++;
				return;
			}
			fail(`expected "," or "]" after an array element but found ${describe(i)}`);
		}
	};
	try {
		ws();
		value();
		ws();
		if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
		return undefined;
	} catch (error) {
		if (error instanceof JsonSyntaxError) return { offset: error.offset, problem: error.problem };
		return { offset: i, problem: 'nested too deeply' };
	}
}
