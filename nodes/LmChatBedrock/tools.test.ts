/**
 * Tool schemas from any copy of Zod. n8n's tools (the Calculator, the Code tool, sub-workflows)
 * build their schemas with n8n's own Zod; when this package resolves another copy (a dev
 * install inside the repository, a by-hand install that brought its own), an `instanceof` check
 * against its copy fails and the Zod object itself used to reach Bedrock as the tool schema.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { getParametersJsonSchema, type Tool } from '@n8n/ai-node-sdk';
import { z } from 'zod';

import { ChatMessageError } from './messages';
import { toConverseToolConfig } from './tools';

let copyDir: string;
let otherZod: typeof z;

beforeAll(() => {
	// A second, separately loaded Zod: the package copied to its own folder and required from
	// there, so it is another module instance with its own classes (as n8n's copy is to ours).
	copyDir = mkdtempSync(join(tmpdir(), 'bedrock-iam-zod-copy-'));
	const zodDir = dirname(require.resolve('zod/package.json'));
	cpSync(zodDir, join(copyDir, 'node_modules', 'zod'), { recursive: true });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	otherZod = require(join(copyDir, 'node_modules', 'zod')).z as typeof z;
});
afterAll(() => rmSync(copyDir, { recursive: true, force: true }));

type FunctionTool = Extract<Tool, { type: 'function' }>;

const tool = (inputSchema: unknown, name = 'calculator'): FunctionTool =>
	({ type: 'function', name, description: 'Math', inputSchema }) as FunctionTool;

const specOf = (t: FunctionTool) => toConverseToolConfig([t])!.tools![0].toolSpec!;

describe('tool schemas to Converse tool specs', () => {
	it('checks a schema that shares sub-schemas in linear time, and one too deep not at all', () => {
		// 30 levels, each pointing twice at the next: 2^30 paths through 60 objects.
		let shared: Record<string, unknown> = { type: 'string' };
		for (let i = 0; i < 30; i++) shared = { type: 'object', properties: { a: shared, b: shared } };
		const started = Date.now();
		const json = specOf(tool(shared)).inputSchema?.json as Record<string, unknown>;
		expect(json.properties).toBe(shared.properties);
		expect(Date.now() - started).toBeLessThan(1000);
		let deep: Record<string, unknown> = { type: 'string' };
		for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { a: deep } };
		expect(() => specOf(tool(deep))).toThrow(/Tool "calculator": its input schema/);
	});

	it('the copy is another Zod: its schemas are not instances of ours', () => {
		const schema = otherZod.object({ input: otherZod.string() });
		expect(schema).not.toBeInstanceOf(z.ZodType);
		// n8n's own helper returns such a schema unconverted, which is what used to be sent.
		expect(getParametersJsonSchema(tool(schema))).toBe(schema);
	});

	it('converts a schema made by a second, separately loaded copy of Zod', () => {
		const schema = otherZod.object({
			input: otherZod.string().describe('the expression'),
			precision: otherZod.number().int().optional(),
		});
		const spec = specOf(tool(schema));
		expect(spec.inputSchema).toEqual({
			json: {
				type: 'object',
				properties: {
					input: { type: 'string', description: 'the expression' },
					precision: { type: 'integer' },
				},
				required: ['input'],
				additionalProperties: false,
			},
		});
		expect(JSON.stringify(spec)).not.toMatch(/function|_def|safeParse/);
	});

	it('converts a schema of its own Zod and passes JSON Schema through', () => {
		expect(specOf(tool(z.object({ input: z.string() }))).inputSchema).toEqual({
			json: expect.objectContaining({
				type: 'object',
				properties: { input: { type: 'string' } },
				required: ['input'],
			}),
		});
		const json = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
		expect(specOf(tool(json)).inputSchema).toEqual({ json });
	});

	it.each([
		['a Zod-like object it cannot read', { safeParse: () => ({}), _def: { typeName: 'Nope' } }],
		['an object holding a function', { type: 'object', properties: { x: () => 1 } }],
		['not an object', 'a string'],
		[
			'a cycle',
			(() => {
				const schema: Record<string, unknown> = { type: 'object', properties: {} };
				(schema.properties as Record<string, unknown>).self = schema;
				return schema;
			})(),
		],
	])('refuses %s, naming the tool', (_label, schema) => {
		const convert = () => toConverseToolConfig([tool(schema, 'my_tool')]);
		expect(convert).toThrow(ChatMessageError);
		expect(convert).toThrow(/Tool "my_tool": its input schema/);
	});
});
