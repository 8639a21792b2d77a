/**
 * Output mapping: named JSONPath expressions read from a model's response body.
 *
 * Paths come from workflow parameters, so they are treated as untrusted. Two independent guards
 * keep them from running code:
 * 1. {@link validateJsonPath} accepts only plain paths (`$.a.b[0]`, `$..x`, `[*]`, `['quoted']`,
 *    slices) and refuses filters `?()`, script `()`, `@`, backticks and names such as
 *    `constructor` or `__proto__`;
 * 2. jsonpath-plus runs with `eval: false`, which makes it throw on any filter or script part
 *    instead of evaluating it, even if a path got past the first guard.
 */
import { JSONPath } from 'jsonpath-plus';

import { ParameterError } from '../shared/errors/parameterError';

/** One output field: its name in the output item and the JSONPath that fills it. */
export interface FieldMapping {
	name: string;
	path: string;
}

/** A custom output field that cannot be read: its name or its path. */
export class OutputMappingError extends ParameterError {
	/** The output field whose name or path is at fault, when there is one. */
	readonly outputField?: string;

	constructor(problem: string, details: { field?: string; description?: string } = {}) {
		super('Custom Output Fields', problem, details.description);
		this.name = 'OutputMappingError';
		this.outputField = details.field;
	}
}

/**
 * The options mapOutput passes to jsonpath-plus, next to `path` and `json`. `eval: false`
 * disables script evaluation: filter `[?(…)]` and script `[(…)]` parts throw.
 * @internal
 */
export const JSONPATH_OPTIONS = Object.freeze({
	eval: false as const,
	wrap: true as const,
	resultType: 'value' as const,
});

const MAX_PATH_LENGTH = 1000;

/** Names that reach into JavaScript internals rather than response data. Case-sensitive. */
const FORBIDDEN_NAMES = new Set([
	'constructor',
	'__proto__',
	'prototype',
	'process',
	'require',
	'globalThis',
	'Function',
	'__defineGetter__',
	'__defineSetter__',
	'__lookupGetter__',
	'__lookupSetter__',
]);

const ALLOWED =
	"Only plain paths are allowed: $.a.b[0], $..x, $.items[*], $.items[0:2] or $['quoted key']";

function refuse(path: string, reason: string): OutputMappingError {
	const shown = path.length > 80 ? `${path.slice(0, 80)}…` : path;
	return new OutputMappingError(`Output path "${shown}" is not allowed: ${reason}`, {
		description: ALLOWED,
	});
}

const DOT_NAME = /[A-Za-z0-9_-]+/y;
const INDEX = /-?\d+/y;
const SLICE = /-?\d*:-?\d*(?::\d+)?/y;
/** Quoted names: no quotes, brackets, parentheses, @, backticks, backslashes or jsonpath-plus
 * operators (`~ ^ # ; %`) inside. */
const QUOTED = /'([^'"\\[\]()@`~^#;%]*)'|"([^'"\\[\]()@`~^#;%]*)"/y;

function sticky(pattern: RegExp, text: string, at: number): string | undefined {
	pattern.lastIndex = at;
	return pattern.exec(text)?.[0];
}

function checkName(path: string, name: string): void {
	if (FORBIDDEN_NAMES.has(name)) {
		throw refuse(path, `the name "${name}" is not allowed`);
	}
}

/**
 * Throws an {@link OutputMappingError} unless `path` is a plain JSONPath: `$` followed by
 * `.name`, `..name`, `.*`, `..*`, `[0]`, `[*]`, `[start:end:step]` or `['quoted name']`.
 * @public
 */
export function validateJsonPath(path: string): void {
	if (typeof path !== 'string' || path.trim() === '') {
		throw new OutputMappingError('Output path is empty', { description: ALLOWED });
	}
	if (path.length > MAX_PATH_LENGTH) {
		throw refuse(path, `it is longer than ${MAX_PATH_LENGTH} characters`);
	}
	if (path.includes('?(') || /\(/.test(path) || /\)/.test(path)) {
		throw refuse(path, 'filter ?() and script () expressions are not allowed');
	}
	if (path.includes('@')) throw refuse(path, '"@" (the current node in a script) is not allowed');
	if (path.includes('`')) throw refuse(path, 'backticks are not allowed');
	if (path[0] !== '$') throw refuse(path, 'it must start with $ (the response body)');

	let i = 1;
	while (i < path.length) {
		const at = i;
		if (path.startsWith('..', i) || path[i] === '.') {
			const descendant = path.startsWith('..', i);
			i += descendant ? 2 : 1;
			if (path[i] === '*') {
				i++;
				continue;
			}
			if (descendant && path[i] === '[') continue;
			const name = sticky(DOT_NAME, path, i);
			if (!name) {
				throw refuse(
					path,
					`expected a property name after "${descendant ? '..' : '.'}" at position ${at + 1}`,
				);
			}
			checkName(path, name);
			i += name.length;
			continue;
		}
		if (path[i] === '[') {
			i++;
			let inner: string | undefined;
			if (path[i] === '*') {
				inner = '*';
			} else if (path[i] === "'" || path[i] === '"') {
				QUOTED.lastIndex = i;
				const match = QUOTED.exec(path);
				if (!match)
					throw refuse(path, `unsupported characters in the quoted name at position ${i + 1}`);
				const name = match[1] ?? match[2];
				if (name === '' || name === '*' || name === '$' || /^\.+$/.test(name)) {
					throw refuse(path, `"${match[0]}" is not a property name`);
				}
				checkName(path, name);
				inner = match[0];
			} else if ((inner = sticky(SLICE, path, i)) === undefined) {
				inner = sticky(INDEX, path, i);
				if (inner === undefined) {
					throw refuse(path, `expected an index, *, a slice or a quoted name at position ${i + 1}`);
				}
				if (inner.startsWith('-')) {
					throw refuse(
						path,
						`negative index [${inner}]: use [${inner}:] for elements from the end`,
					);
				}
			}
			i += inner.length;
			if (path[i] !== ']') throw refuse(path, `expected "]" at position ${i + 1}`);
			i++;
			continue;
		}
		throw refuse(path, `unexpected "${path[i]}" at position ${i + 1}`);
	}
}

/** The error {@link validateJsonPath} would throw for `path`, or undefined when it is allowed. */
function pathProblem(path: string): OutputMappingError | undefined {
	try {
		validateJsonPath(path);
		return undefined;
	} catch (error) {
		if (error instanceof OutputMappingError) return error;
		return new OutputMappingError(`Output path could not be checked: ${String(error)}`);
	}
}

/**
 * Runs a path through jsonpath-plus with script evaluation disabled. Does not validate: callers
 * validate first.
 * @internal
 */
export function evaluatePath(json: unknown, path: string): unknown[] {
	const result: unknown = JSONPath({ ...JSONPATH_OPTIONS, path, json: json as null });
	return Array.isArray(result) ? result : [];
}

/**
 * Checks every field before anything is read: names set, unique and not `__proto__`, paths plain
 * (see {@link validateJsonPath}). Throws OutputMappingError naming the field.
 */
export function validateMappings(mappings: FieldMapping[]): void {
	const seen = new Set<string>();
	for (const { name, path } of mappings) {
		if (typeof name !== 'string' || name.trim() === '') {
			throw new OutputMappingError('An output field has no name', {
				description: 'Give every output field a name',
			});
		}
		if (name === '__proto__') {
			throw new OutputMappingError('Output field name "__proto__" is not allowed', {
				field: name,
				description: 'Choose another field name',
			});
		}
		if (seen.has(name)) {
			throw new OutputMappingError(`Output field "${name}" is defined more than once`, {
				field: name,
				description: 'Give each output field its own name',
			});
		}
		seen.add(name);
		const problem = pathProblem(path);
		if (problem) {
			throw new OutputMappingError(`Output field "${name}": ${problem.problem}`, {
				field: name,
				description: problem.hint,
			});
		}
	}
}

/**
 * Reads each field from the response: the value itself when the path matches once, an array of
 * values when it matches several times. A field whose path matches nothing is left out of the
 * result (not set to `undefined` or `null`), so `'text' in result` tells whether it was found.
 *
 * Field names must be non-empty, unique and not `__proto__`; every path must pass
 * {@link validateJsonPath}. All mappings are checked before any is evaluated.
 *
 * @example
 * ```ts
 * mapOutput(body, [
 * 	{ name: 'text', path: '$.content[*].text' },
 * 	{ name: 'inputTokens', path: '$.usage.input_tokens' },
 * ]); // { text: 'Hello', inputTokens: 12 }
 * ```
 * @public
 */
export function mapOutput(response: unknown, mappings: FieldMapping[]): Record<string, unknown> {
	validateMappings(mappings);

	const result: Record<string, unknown> = {};
	for (const { name, path } of mappings) {
		let values: unknown[] = [];
		let failure: unknown;
		try {
			values = evaluatePath(response, path);
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			const reason = failure instanceof Error ? failure.message : String(failure);
			throw new OutputMappingError(
				`Output field "${name}": path "${path}" could not be evaluated (${reason})`,
				{ field: name, description: ALLOWED },
			);
		}
		if (values.length === 1) result[name] = values[0];
		else if (values.length > 1) result[name] = values;
	}
	return result;
}
