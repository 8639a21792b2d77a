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
import { invalidJson, MAX_REQUEST_BODY_BYTES, TemplateError, tooLarge } from './templateError';
import { position, type Piece, type Token } from './templateTokens';

export { findJsonError } from './jsonError';
export {
	MAX_REQUEST_BODY_BYTES,
	TemplateError,
	type TemplateErrorCode,
	type TemplateErrorDetails,
} from './templateError';

/** A named value the template can refer to as `{{name}}`. */
export interface PromptVariable {
	name: string;
	value: unknown;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** `{{ name }}` at a given position (sticky). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/y;

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
