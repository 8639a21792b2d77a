import type { Tool as ConverseTool, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { Tool } from '@n8n/ai-node-sdk';

import { TOOL_NAME, TOOL_NAME_RULE } from '../shared/converse/request';
import { ChatMessageError } from './messages';
import { toolInputJsonSchema } from './toolSchema';

/**
 * The Agent's tools (bound with `withTools`) as Converse `toolConfig`: each function tool's
 * schema (Zod from any copy of Zod, or JSON Schema) as JSON Schema (toolSchema.ts); cache points
 * are placed on the whole request (shared/converse/caching.ts). Provider tools (another
 * vendor's built-ins) have no Converse form and are refused by name.
 */
export function toConverseToolConfig(tools: readonly Tool[]): ToolConfiguration | undefined {
	if (tools.length === 0) return undefined;
	const specs: ConverseTool[] = tools.map((tool) => {
		if (tool.type !== 'function') {
			throw new ChatMessageError(
				`Tool "${tool.name}" is a provider tool, which Bedrock cannot run`,
			);
		}
		if (!TOOL_NAME.test(tool.name)) {
			throw new ChatMessageError(
				`Tool name "${tool.name}" is not accepted by Bedrock: use ${TOOL_NAME_RULE} (rename the tool node)`,
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
	return { tools: specs };
}
