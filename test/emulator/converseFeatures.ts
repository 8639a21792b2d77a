/**
 * The optional parts of a Converse request the echo model reacts to: tools (`toolConfig`),
 * and structured output (`outputConfig.textFormat` with a JSON schema); reasoning is in
 * converseReasoning.ts, prompt caching in promptCache.ts. Each is checked like the service checks
 * it, then read.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
import type { ConverseInput } from './converse';
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** What the tool configuration allows the model to do. */
export interface ToolSetup {
	/** Names of the declared tools (`toolSpec` entries), in order. */
	names: string[];
	/** `toolChoice`: `auto` (or absent), `any`, or one named tool. */
	choice: { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string };
}

/**
 * Checks `toolConfig` and the tool blocks of the conversation; the tool setup, or undefined
 * when there is no tool configuration.
 */
export function readTools(input: ConverseInput): ToolSetup | undefined {
	const usesToolBlocks = input.messages.some((m) =>
		m.content.some((b) => 'toolUse' in b || 'toolResult' in b),
	);
	const config = input.toolConfig;
	if (!config) {
		if (usesToolBlocks) {
			throw validation(
				'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
			);
		}
		return undefined;
	}
	const tools = config.tools;
	if (!Array.isArray(tools) || tools.length === 0) {
		throw validation(
			"1 validation error detected: Value at 'toolConfig.tools' failed to satisfy constraint: " +
				'Member must have length greater than or equal to 1',
		);
	}
	const names: string[] = [];
	tools.forEach((tool: unknown, i) => {
		if (!isObject(tool) || Object.keys(tool).length !== 1) {
			throw validation(`The Tool object at toolConfig.tools.${i} must set exactly one member.`);
		}
		if ('cachePoint' in tool || 'systemTool' in tool) return;
		const spec = tool.toolSpec;
		if (!isObject(spec)) {
			throw validation(`The Tool object at toolConfig.tools.${i} has an unsupported type.`);
		}
		if (typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) {
			throw validation(
				`1 validation error detected: Value '${String(spec.name)}' at 'toolConfig.tools.${i + 1}.member.toolSpec.name' ` +
					'failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+',
			);
		}
		if (!isObject(spec.inputSchema) || !('json' in spec.inputSchema)) {
			throw validation(
				`1 validation error detected: Value null at 'toolConfig.tools.${i + 1}.member.toolSpec.inputSchema' ` +
					'failed to satisfy constraint: Member must not be null',
			);
		}
		if (names.includes(spec.name)) {
			throw validation(`The toolConfig contains duplicate tool name '${spec.name}'.`);
		}
		names.push(spec.name);
	});
	const choice = config.toolChoice;
	if (choice === undefined || (isObject(choice) && 'auto' in choice)) {
		return { names, choice: { kind: 'auto' } };
	}
	if (isObject(choice) && 'any' in choice) return { names, choice: { kind: 'any' } };
	if (isObject(choice) && isObject(choice.tool) && typeof choice.tool.name === 'string') {
		if (!names.includes(choice.tool.name)) {
			throw validation(
				`The tool choice '${choice.tool.name}' is not one of the tools in toolConfig.`,
			);
		}
		return { names, choice: { kind: 'tool', name: choice.tool.name } };
	}
	throw validation('The toolChoice field must set exactly one of auto, any or tool.');
}

/**
 * The JSON schema of a structured-output request (`outputConfig.textFormat`, type
 * `json_schema`), parsed; undefined when none is asked for.
 */
export function readOutputSchema(input: ConverseInput): Json | undefined {
	const format = input.outputConfig?.textFormat;
	if (format === undefined) return undefined;
	if (!isObject(format) || format.type !== 'json_schema') {
		throw validation(
			`1 validation error detected: Value '${isObject(format) ? String(format.type) : 'null'}' at ` +
				"'outputConfig.textFormat.type' failed to satisfy constraint: Member must satisfy enum value set: [json_schema]",
		);
	}
	const structure = format.structure;
	const definition = isObject(structure) ? structure.jsonSchema : undefined;
	if (!isObject(definition) || typeof definition.schema !== 'string') {
		throw validation(
			"1 validation error detected: Value null at 'outputConfig.textFormat.structure.jsonSchema.schema' " +
				'failed to satisfy constraint: Member must not be null',
		);
	}
	try {
		const schema: unknown = JSON.parse(definition.schema);
		if (isObject(schema)) return schema;
	} catch {
		// falls through to the error below
	}
	throw validation('The JSON schema in outputConfig.textFormat is not a valid JSON object.');
}

/**
 * A value that satisfies a (simple) JSON schema, built from the echo text: strings are the
 * text, numbers its word count, booleans true, arrays one item, objects every property.
 */
export function valueForSchema(schema: unknown, text: string, words: number): unknown {
	if (!isObject(schema)) return text;
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
	if ('const' in schema) return schema.const;
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	switch (type) {
		case 'object': {
			const properties = isObject(schema.properties) ? schema.properties : {};
			return Object.fromEntries(
				Object.entries(properties).map(([k, v]) => [k, valueForSchema(v, text, words)]),
			);
		}
		case 'array':
			return [valueForSchema(schema.items, text, words)];
		case 'integer':
		case 'number':
			return words;
		case 'boolean':
			return true;
		case 'null':
			return null;
		default:
			return isObject(schema.properties)
				? valueForSchema({ ...schema, type: 'object' }, text, words)
				: text;
	}
}
