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

const specOf = (t: FunctionTool) => toConverseToolConfig([t], false)!.tools![0].toolSpec!;

describe('tool schemas to Converse tool specs', () => {
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
	])('refuses %s, naming the tool', (_label, schema) => {
		const convert = () => toConverseToolConfig([tool(schema, 'my_tool')], false);
		expect(convert).toThrow(ChatMessageError);
		expect(convert).toThrow(/Tool "my_tool": its input schema/);
	});
});
