/**
 * Agents for Amazon Bedrock Runtime InvokeAgent
 * (`POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text`, signing name
 * `bedrock`), answered as an event stream by a deterministic agent:
 * - the answer `Echo from <agent name>: <inputText>` (plus what the session state carried) comes
 *   in 2 `chunk` events, 3 with `streamingConfigurations.streamFinalResponse`;
 * - "cite" in the input: the first chunk carries a citation (`attribution.citations`);
 * - `enableTrace`: `trace` events first, two of them with
 *   `orchestrationTrace.modelInvocationOutput.metadata.usage`;
 * - "return control" in the input: a `returnControl` event instead of an answer; results sent
 *   back in `sessionState.returnControlInvocationResults` are quoted in the next answer;
 * - "make a file" in the input, or input files for the code interpreter: a `files` event.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_InvokeAgent.html
 */
import { randomUUID } from 'node:crypto';

import { checkAllowed } from './access';
import { agentAliasArn, findAgent, findAlias, type CatalogAgentAlias } from './agentCatalog';
import { checkAgentPath, readAgentRequest, type AgentRequest } from './agentRequest';
import { partitionOf } from './catalog';
import type { HandlerContext } from './context';
import { wordPieces } from './converseStream';
import { streamEvent, type StreamEvent } from './eventStream';
import { ApiError } from './protocol';
import { streamReply, type StreamReply } from './streaming';

type Json = Record<string, unknown>;

/** Action group and function a "return control" answer asks the caller to run. */
export const RETURN_CONTROL_ACTION_GROUP = 'OrderActions';
export const RETURN_CONTROL_FUNCTION = 'lookupOrder';

/** S3 URI of the source the emulated knowledge base cites. */
export const CITATION_SOURCE_URI = 's3://emulator-knowledge-base/docs/orders-faq.md';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0).length;

/** Splits text at word boundaries into `n` parts (fewer when it has fewer words). */
function parts(text: string, n: number): string[] {
	const pieces = wordPieces(text);
	const size = Math.ceil(pieces.length / n);
	const out: string[] = [];
	for (let i = 0; i < pieces.length; i += size) out.push(pieces.slice(i, i + size).join(''));
	return out;
}

/** How a returned result reads in the answer. */
function resultText(result: Json): string {
	const body = (r: Json) => {
		const bodies = (r.responseBody ?? {}) as Record<string, { body?: unknown }>;
		return Object.values(bodies)
			.map((b) => String(b?.body ?? ''))
			.join(' ');
	};
	const fn = result.functionResult as Json | undefined;
	if (fn) return `${String(fn.actionGroup)}.${String(fn.function)} = ${body(fn)}`;
	const api = result.apiResult as Json | undefined;
	if (api) {
		return `${String(api.actionGroup)} ${String(api.httpMethod)} ${String(api.apiPath)} = ${body(api)}`;
	}
	return JSON.stringify(result);
}

/** What the session state adds to the echo: attributes, knowledge bases, files, memory. */
function contextNotes(request: AgentRequest): string {
	const notes: string[] = [];
	const pairs = (m: Record<string, string>) =>
		Object.entries(m)
			.map(([k, v]) => `${k}=${v}`)
			.join(', ');
	if (Object.keys(request.sessionAttributes).length > 0) {
		notes.push(`[sessionAttributes: ${pairs(request.sessionAttributes)}]`);
	}
	if (Object.keys(request.promptSessionAttributes).length > 0) {
		notes.push(`[promptSessionAttributes: ${pairs(request.promptSessionAttributes)}]`);
	}
	if (request.knowledgeBaseIds.length > 0) {
		notes.push(`[knowledgeBases: ${request.knowledgeBaseIds.join(', ')}]`);
	}
	if (request.files.length > 0) {
		notes.push(`[files: ${request.files.map((f) => `${f.name} (${f.useCase})`).join(', ')}]`);
	}
	if (request.memoryId) notes.push(`[memory: ${request.memoryId}]`);
	return notes.length > 0 ? ` ${notes.join(' ')}` : '';
}

/** The trace events of one invocation: two model calls, each with its token usage. */
function traceEvents(
	request: AgentRequest,
	answer: string,
	envelope: (trace: Json) => StreamEvent,
): StreamEvent[] {
	const first = `${randomUUID()}-0`;
	const second = `${randomUUID()}-1`;
	const inputTokens = 100 + words(request.inputText);
	const orchestration = (value: Json) => envelope({ orchestrationTrace: value });
	return [
		orchestration({
			modelInvocationInput: {
				traceId: first,
				text: `Human: ${request.inputText}`,
				type: 'ORCHESTRATION',
			},
		}),
		orchestration({
			modelInvocationOutput: {
				traceId: first,
				rawResponse: { content: 'Thinking about the request.' },
				metadata: { usage: { inputTokens, outputTokens: 20 } },
			},
		}),
		orchestration({ rationale: { traceId: first, text: 'The user asked for an echo.' } }),
		orchestration({
			modelInvocationOutput: {
				traceId: second,
				rawResponse: { content: answer },
				metadata: { usage: { inputTokens: inputTokens + 20, outputTokens: words(answer) } },
			},
		}),
		orchestration({
			observation: { traceId: second, type: 'FINISH', finalResponse: { text: answer } },
		}),
	];
}

/** The citation attached to the first chunk when the input asks for one. */
const citation = (text: string, inputText: string): Json => ({
	citations: [
		{
			generatedResponsePart: {
				textResponsePart: { text, span: { start: 0, end: Math.max(0, text.length - 1) } },
			},
			retrievedReferences: [
				{
					content: { type: 'TEXT', text: `Knowledge base passage about: ${inputText}` },
					location: { type: 'S3', s3Location: { uri: CITATION_SOURCE_URI } },
					metadata: {
						'x-amz-bedrock-kb-source-uri': CITATION_SOURCE_URI,
						'x-amz-bedrock-kb-chunk-id': 'emulator-chunk-1',
					},
				},
			],
		},
	],
});

/** The `files` event of an invocation, if it produces files. */
function filesEvent(request: AgentRequest): StreamEvent | undefined {
	const files: Json[] = [];
	if (/make a file/i.test(request.inputText)) {
		files.push({
			name: 'result.csv',
			type: 'text/csv',
			bytes: base64(
				`input,words\n"${request.inputText.replace(/"/g, '""')}",${words(request.inputText)}\n`,
			),
		});
	}
	for (const f of request.files.filter((file) => file.useCase === 'CODE_INTERPRETER')) {
		files.push({
			name: `processed-${f.name}`,
			type: f.mediaType ?? 'text/plain',
			bytes: f.data ?? base64(f.uri ?? ''),
		});
	}
	return files.length > 0 ? streamEvent('files', { files }) : undefined;
}

/** `POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text` */
export function invokeAgent(ctx: HandlerContext): StreamReply {
	const { agentId, agentAliasId, sessionId } = ctx.params;
	checkAgentPath(agentId, agentAliasId, sessionId);
	const region = ctx.region!;
	const account = ctx.caller!.account;
	const aliasArn = agentAliasArn(partitionOf(region), region, account, agentId, agentAliasId);
	checkAllowed(ctx, 'bedrock:InvokeAgent', aliasArn);
	const agent = findAgent(agentId);
	const alias: CatalogAgentAlias | undefined = agent && findAlias(agent, agentAliasId);
	if (!agent || !alias) {
		throw new ApiError(
			404,
			'ResourceNotFoundException',
			agent
				? `Agent alias ${agentAliasId} of agent ${agentId} doesn't exist.`
				: `Agent ${agentId} doesn't exist.`,
		);
	}
	const request = readAgentRequest(ctx.body);
	ctx.state.quotas.admit(`agent/${agentId}`, region, 0);

	const envelope = (trace: Json) =>
		streamEvent('trace', {
			agentId,
			agentAliasId,
			agentVersion: alias.agentVersion,
			sessionId,
			eventTime: ctx.state.now().toISOString(),
			callerChain: [{ agentAliasArn: aliasArn }],
			trace,
		});

	const events: StreamEvent[] = [];
	const returnControl =
		request.returnControlResults.length === 0 && /return control/i.test(request.inputText);
	let answer: string;
	if (request.returnControlResults.length > 0) {
		answer =
			`Echo from ${agent.agentName}: results received: ` +
			request.returnControlResults.map(resultText).join('; ');
	} else {
		answer = `Echo from ${agent.agentName}: ${request.inputText}${contextNotes(request)}`;
	}
	if (request.enableTrace) events.push(...traceEvents(request, answer, envelope));

	if (returnControl) {
		const invocationId = randomUUID();
		events.push(
			streamEvent('returnControl', {
				invocationId,
				invocationInputs: [
					{
						functionInvocationInput: {
							actionGroup: RETURN_CONTROL_ACTION_GROUP,
							function: RETURN_CONTROL_FUNCTION,
							parameters: [{ name: 'query', type: 'string', value: request.inputText }],
							actionInvocationType: 'RESULT',
							agentId,
						},
					},
				],
			}),
		);
	} else {
		const files = filesEvent(request);
		if (files) events.push(files);
		const cite = /\bcite\b/i.test(request.inputText);
		parts(answer, request.streamFinalResponse ? 3 : 2).forEach((text, i) => {
			events.push(
				streamEvent('chunk', {
					bytes: base64(text),
					...(cite && i === 0 ? { attribution: citation(text, request.inputText) } : {}),
				}),
			);
		});
	}
	return streamReply(events, 'internalServerException', {
		'x-amzn-bedrock-agent-content-type': 'application/json',
		'x-amz-bedrock-agent-session-id': sessionId,
		...(request.memoryId ? { 'x-amz-bedrock-agent-memory-id': request.memoryId } : {}),
	});
}
