/**
 * The metadata filter of a knowledge base query (`RetrievalFilter`), checked and applied the way
 * the Agents for Amazon Bedrock Runtime describes it: one operator per filter object, `andAll` /
 * `orAll` with 2 to 5 members, `in` / `notIn` with a list, `startsWith` with a string.
 * Written from the API reference on its own, sharing no code with the node's local check.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_RetrievalFilter.html
 */
import { ApiError } from './protocol';

type Json = Record<string, unknown>;
type Metadata = Record<string, unknown>;

const COMPARISONS = [
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
] as const;
const GROUPS = ['andAll', 'orAll'] as const;

const invalid = (path: string, problem: string) =>
	new ApiError(
		400,
		'ValidationException',
		`Invalid input for filter at ${path}: ${problem}`,
		'retrieval filter',
	);

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** Throws ValidationException when `filter` is not a well-formed RetrievalFilter. */
export function checkFilter(filter: unknown, path = 'filter', depth = 0): void {
	if (!isObject(filter)) throw invalid(path, 'expected an object');
	if (depth > 5) throw invalid(path, 'filters are nested too deeply');
	const keys = Object.keys(filter);
	if (keys.length !== 1) throw invalid(path, 'exactly one operator is allowed per filter');
	const [op] = keys;
	const value = filter[op];
	if ((GROUPS as readonly string[]).includes(op)) {
		if (!Array.isArray(value) || value.length < 2 || value.length > 5) {
			throw invalid(`${path}.${op}`, 'expected a list of 2 to 5 filters');
		}
		value.forEach((member, i) => checkFilter(member, `${path}.${op}[${i}]`, depth + 1));
		return;
	}
	if (!(COMPARISONS as readonly string[]).includes(op)) {
		throw invalid(path, `unknown operator ${op}`);
	}
	if (!isObject(value) || typeof value.key !== 'string' || !('value' in value)) {
		throw invalid(`${path}.${op}`, 'expected {"key", "value"}');
	}
	if (value.key.length < 1 || value.key.length > 100) {
		throw invalid(`${path}.${op}.key`, 'length must be 1 to 100');
	}
	const v = value.value;
	if ((op === 'in' || op === 'notIn') && !Array.isArray(v)) {
		throw invalid(`${path}.${op}.value`, 'expected a list');
	}
	if ((op === 'startsWith' || op === 'stringContains') && typeof v !== 'string') {
		throw invalid(`${path}.${op}.value`, 'expected a string');
	}
	if (op.startsWith('greaterThan') || op.startsWith('lessThan')) {
		if (typeof v !== 'number') throw invalid(`${path}.${op}.value`, 'expected a number');
	}
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether a document's metadata passes a (checked) filter. */
export function matchesFilter(filter: Json, metadata: Metadata): boolean {
	const [op] = Object.keys(filter);
	const arg = filter[op];
	if (op === 'andAll') return (arg as Json[]).every((f) => matchesFilter(f, metadata));
	if (op === 'orAll') return (arg as Json[]).some((f) => matchesFilter(f, metadata));
	const { key, value } = arg as { key: string; value: unknown };
	const actual = metadata[key];
	switch (op) {
		case 'equals':
			return same(actual, value);
		case 'notEquals':
			return !same(actual, value);
		case 'greaterThan':
			return typeof actual === 'number' && actual > (value as number);
		case 'greaterThanOrEquals':
			return typeof actual === 'number' && actual >= (value as number);
		case 'lessThan':
			return typeof actual === 'number' && actual < (value as number);
		case 'lessThanOrEquals':
			return typeof actual === 'number' && actual <= (value as number);
		case 'in':
			return (value as unknown[]).some((v) => same(v, actual));
		case 'notIn':
			return !(value as unknown[]).some((v) => same(v, actual));
		case 'startsWith':
			return typeof actual === 'string' && actual.startsWith(value as string);
		case 'listContains':
			return Array.isArray(actual) && actual.some((v) => same(v, value));
		case 'stringContains':
			return Array.isArray(actual)
				? actual.some((v) => typeof v === 'string' && v.includes(value as string))
				: typeof actual === 'string' && actual.includes(value as string);
		default:
			return false;
	}
}
