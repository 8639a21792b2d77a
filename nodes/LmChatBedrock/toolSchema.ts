/**
 * A tool's input schema as the JSON Schema Converse's `toolSpec.inputSchema.json` takes, from
 * whatever n8n hands over: JSON Schema, or a Zod schema made by any copy of Zod.
 *
 * n8n's SDK helper `getParametersJsonSchema` recognises Zod with `instanceof` against the Zod it
 * resolves itself. A tool's schema is made by n8n's tool nodes with n8n's Zod; where this package
 * runs with another copy (installed with its own dependencies, or beside a repository's
 * `node_modules`), that check fails and the helper hands the Zod object back unconverted. So a
 * Zod schema is recognised by its shape, and converted with n8n's own converter, which reads a
 * schema's definition, not its class.
 */
import { createRequire } from 'node:module';

import { getParametersJsonSchema, type Tool } from '@n8n/ai-node-sdk';

type FunctionTool = Extract<Tool, { type: 'function' }>;

import { ChatMessageError } from './messages';

type JsonObject = Record<string, unknown>;

/** The part of `@n8n/ai-utilities/json-schema` used here. */
interface N8nJsonSchemaHelpers {
	zodSchemaToJsonSchema(schema: unknown): unknown;
}

/** Deeper than any tool schema a person writes; bounds the walk over a value of unknown shape. */
const MAX_DEPTH = 64;
/** More values than any tool schema holds; bounds the walk's work. */
const MAX_VALUES = 100_000;

const isRecord = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Any Zod version's schema: Zod 3 keeps its definition in `_def`, Zod 4 in `_zod`. */
const isZodSchema = (value: unknown): boolean =>
	isRecord(value) && typeof value.safeParse === 'function' && ('_def' in value || '_zod' in value);

/**
 * Whether the value is plain JSON data: no functions, class instances or cycles, at most
 * MAX_DEPTH deep and MAX_VALUES values. An object met twice is checked once (a shared sub-schema
 * costs nothing more); met again inside itself, it is a cycle.
 */
function isJsonData(root: unknown): boolean {
	const checked = new Set<object>();
	const open = new Set<object>();
	let values = 0;
	const walk = (value: unknown, depth: number): boolean => {
		if (++values > MAX_VALUES || depth > MAX_DEPTH) return false;
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
		if (typeof value !== 'object') return false;
		if (checked.has(value)) return true;
		if (open.has(value)) return false;
		if (!Array.isArray(value)) {
			const proto = Object.getPrototypeOf(value);
			if (proto !== Object.prototype && proto !== null) return false;
		}
		open.add(value);
		const ok = Object.values(value).every((v) => v === undefined || walk(v, depth + 1));
		open.delete(value);
		checked.add(value);
		return ok;
	};
	return walk(root, 0);
}

let helpers: N8nJsonSchemaHelpers | undefined;
/**
 * n8n's JSON Schema helpers, from the `@n8n/ai-utilities` beside the `@n8n/ai-node-sdk` this
 * package runs with (n8n's own, through n8n's module paths): the SDK does not re-export them.
 */
function n8nJsonSchemaHelpers(): N8nJsonSchemaHelpers {
	helpers ??= createRequire(require.resolve('@n8n/ai-node-sdk'))(
		'@n8n/ai-utilities/json-schema',
	) as N8nJsonSchemaHelpers;
	return helpers;
}

function fromZod(tool: FunctionTool): unknown {
	const converted = getParametersJsonSchema(tool);
	if (!isZodSchema(converted)) return converted;
	// Made by another copy of Zod than the SDK's own.
	return n8nJsonSchemaHelpers().zodSchemaToJsonSchema(tool.inputSchema);
}

/**
 * The tool's input schema as a JSON Schema object, without `$schema`. Throws a ChatMessageError
 * naming the tool when the schema cannot be turned into one: before any call, so nothing that is
 * not JSON Schema reaches Bedrock.
 */
export function toolInputJsonSchema(tool: FunctionTool): JsonObject {
	const refuse = (why: string) =>
		new ChatMessageError(
			`Tool "${tool.name}": its input schema ${why}; check the tool node's parameters (or its schema, for a custom tool)`,
		);
	const zod = isZodSchema(tool.inputSchema);
	let schema: unknown;
	try {
		schema = zod ? fromZod(tool) : tool.inputSchema;
	} catch (error) {
		throw refuse(`(Zod) could not be converted to JSON Schema: ${(error as Error).message}`);
	}
	if (!isRecord(schema) || !isJsonData(schema)) {
		throw refuse(
			zod ? '(Zod) could not be converted to JSON Schema' : 'is neither JSON Schema nor Zod',
		);
	}
	const json = { ...schema };
	delete json.$schema;
	if (zod && json.type !== 'object') {
		throw refuse('(Zod) is not an object of named arguments, which Bedrock tools take');
	}
	return json;
}
