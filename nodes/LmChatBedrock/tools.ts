import type { Tool as ConverseTool, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { Tool } from '@n8n/ai-node-sdk';

import { ChatMessageError } from './messages';
import { toolInputJsonSchema } from './toolSchema';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The Agent's tools (bound with `withTools`) as Converse `toolConfig`: each function tool's
 * schema (Zod from any copy of Zod, or JSON Schema) as JSON Schema (toolSchema.ts). With prompt caching a cache point follows them,
 * so the tool definitions are read from the cache on the next turn. Provider tools (another
 * vendor's built-ins) have no Converse form and are refused by name.
 */
export function toConverseToolConfig(
	tools: readonly Tool[],
	cache: boolean,
): ToolConfiguration | undefined {
	if (tools.length === 0) return undefined;
	const specs: ConverseTool[] = tools.map((tool) => {
		if (tool.type !== 'function') {
			throw new ChatMessageError(
				`Tool "${tool.name}" is a provider tool, which Bedrock cannot run`,
			);
		}
		if (!TOOL_NAME.test(tool.name)) {
			throw new ChatMessageError(
				`Tool name "${tool.name}" is not accepted by Bedrock: use 1 to 64 letters, digits, _ or - (rename the tool node)`,
			);
		}
		const schema = toolInputJsonSchema(tool);
		return {
			toolSpec: {
				name: tool.name,
				description: tool.description?.trim() || tool.name,
				inputSchema: { json: { type: 'object', properties: {}, ...schema } as never },
			},
		};
	});
	if (cache) specs.push({ cachePoint: { type: 'default' } });
	return { tools: specs };
}
