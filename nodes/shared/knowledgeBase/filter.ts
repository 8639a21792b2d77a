/**
 * The metadata filter of a knowledge base query, read from the node's JSON and checked against
 * the structure of the API's `RetrievalFilter` before any request: one operator per object,
 * `andAll` / `orAll` with 2 to 5 filters, `{ "key", "value" }` for the comparisons, a list for
 * `in` / `notIn`, text for `startsWith` / `stringContains`, a number for the ordering operators.
 *
 * Reference: Agents for Amazon Bedrock Runtime API, RetrievalFilter and FilterAttribute.
 */
import type { RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';

import { readJsonParameter } from '../parameters/json';
import { ParameterError } from '../errors/parameterError';

const COMPARISONS = new Set([
	'equals',
	'notEquals',
	'greaterThan',
	'greaterThanOrEquals',
	'lessThan',
	'lessThanOrEquals',
	'in',
	'notIn',
	'startsWith',
	'listContains',
	'stringContains',
]);
const GROUPS = new Set(['andAll', 'orAll']);
const NUMERIC = new Set(['greaterThan', 'greaterThanOrEquals', 'lessThan', 'lessThanOrEquals']);
const TEXT = new Set(['startsWith', 'stringContains']);
const MAX_DEPTH = 5;

/** The metadata key Bedrock gives every chunk: the ID of the data source it came from. */
export const DATA_SOURCE_KEY = 'x-amz-bedrock-kb-data-source-id';

const FIELD = 'Metadata Filter';
const EXAMPLE = '{"equals": {"key": "category", "value": "shipping"}}';

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where in the filter a problem is, for the message: `andAll[1].equals`. */
function fail(path: string, problem: string): never {
	throw new ParameterError(
		FIELD,
		`${path ? `at ${path}, ` : ''}${problem}`,
		`Write the filter as one operator object, for example ${EXAMPLE}, or combine up to 5 of them with "andAll" / "orAll". Operators: ${[...COMPARISONS, ...GROUPS].join(', ')}.`,
	);
}

/** Throws a {@link ParameterError} naming the first problem of `value` as a RetrievalFilter. */
export function checkRetrievalFilter(value: unknown, path = '', depth = 0): RetrievalFilter {
	if (!isObject(value)) fail(path, 'expected an object with one operator');
	if (depth >= MAX_DEPTH) fail(path, `filters may be nested at most ${MAX_DEPTH} levels deep`);
	const keys = Object.keys(value);
	if (keys.length !== 1) {
		fail(path, `expected exactly one operator, found ${keys.length ? keys.join(', ') : 'none'}`);
	}
	const [op] = keys;
	const here = path ? `${path}.${op}` : op;
	const arg = value[op];
	if (GROUPS.has(op)) {
		if (!Array.isArray(arg) || arg.length < 2 || arg.length > 5) {
			fail(here, `"${op}" takes a list of 2 to 5 filters`);
		}
		arg.forEach((member, i) => checkRetrievalFilter(member, `${here}[${i}]`, depth + 1));
		return value as unknown as RetrievalFilter;
	}
	if (!COMPARISONS.has(op)) fail(path, `"${op}" is not a filter operator`);
	if (!isObject(arg) || !('key' in arg) || !('value' in arg)) {
		fail(here, 'expected {"key": …, "value": …}');
	}
	if (typeof arg.key !== 'string' || arg.key.length < 1 || arg.key.length > 100) {
		fail(`${here}.key`, 'expected a metadata attribute name of 1 to 100 characters');
	}
	const v = arg.value;
	if ((op === 'in' || op === 'notIn') && !Array.isArray(v))
		fail(`${here}.value`, 'expected a list');
	if (TEXT.has(op) && typeof v !== 'string') fail(`${here}.value`, 'expected text');
	if (NUMERIC.has(op) && typeof v !== 'number') fail(`${here}.value`, 'expected a number');
	if (v === null || v === undefined) fail(`${here}.value`, 'expected a value');
	return value as unknown as RetrievalFilter;
}

/** The Metadata Filter option: undefined when empty, else a checked RetrievalFilter. */
export function readMetadataFilter(value: unknown): RetrievalFilter | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && !value.trim()) return undefined;
	const read = readJsonParameter(value);
	if ('problem' in read) fail('', `not valid JSON (${read.problem})`);
	if (isObject(read.value) && Object.keys(read.value).length === 0) return undefined;
	return checkRetrievalFilter(read.value);
}

/**
 * The filter a query sends: the metadata filter, restricted to the chosen data sources when any
 * (both must hold).
 */
export function combineFilters(
	filter: RetrievalFilter | undefined,
	dataSourceIds: string[],
): RetrievalFilter | undefined {
	const ids = [...new Set(dataSourceIds.map((id) => id.trim()).filter(Boolean))];
	if (ids.length === 0) return filter;
	const bySource: RetrievalFilter =
		ids.length === 1
			? { equals: { key: DATA_SOURCE_KEY, value: ids[0] } }
			: { in: { key: DATA_SOURCE_KEY, value: ids } };
	return filter ? { andAll: [filter, bySource] } : bySource;
}
