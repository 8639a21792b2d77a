/**
 * Turns the event stream of one InvokeAgent call into one answer: the text of the chunks, their
 * citations, the agent's return-control request, the files it made, the traces and the token
 * usage they report. Pure: events in, result out; the node does the I/O around it.
 *
 * Reference: Agents for Amazon Bedrock Runtime API, InvokeAgent and ResponseStream.
 */
import type {
	Citation,
	InvocationInputMember,
	ResponseStream,
	RetrievedReference,
	TracePart,
	Usage,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { guardCutOff, StreamCutOffError } from '../shared/errors/streamCutOff';
import { INVOKE_AGENT } from '../shared/transport/origin';

/** One piece of the answer with the sources it came from. */
export interface AgentCitation {
	/** The generated text the sources support. */
	text?: string;
	/** Where that text sits in the chunk it arrived with. */
	span?: { start?: number; end?: number };
	/** The retrieved sources, each once. */
	references: JsonValue[];
}

/** A file the agent produced (code interpreter output). */
export interface AgentFile {
	name: string;
	mimeType: string;
	bytes: Uint8Array;
}

export interface AgentTokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
}

/** The agent asks the caller to run an action and send the results back. */
export interface AgentReturnControl {
	invocationId?: string;
	invocationInputs: JsonValue[];
}

export interface AgentStreamResult {
	/** The answer text, every chunk joined. */
	output: string;
	citations: AgentCitation[];
	returnControl?: AgentReturnControl;
	/** Summed over the model invocations the traces report; absent when none reported usage. */
	usage?: AgentTokenUsage;
	/** Every trace event, when `collectTraces` is set. */
	traces?: JsonValue[];
	files: AgentFile[];
}

export interface AssembleOptions {
	/** Keep the trace events in the result. Absent: false (usage is summed either way). */
	collectTraces?: boolean;
	/**
	 * Called with each piece of decoded text as soon as its chunk arrives.
	 * @param text - Never empty; multi-byte characters split across chunks arrive whole.
	 */
	onText?: (text: string) => void;
}

export type JsonValue =
	| string
	| number
	| boolean
	| null
	| JsonValue[]
	| { [key: string]: JsonValue };

/**
 * Reads the whole event stream and assembles the agent's answer.
 *
 * Exceptions inside the stream (whether the SDK throws them while iterating or hands them over
 * as `…Exception` members) are thrown as they are, for the caller to map; a connection closed
 * mid-event, or a stream that ends cleanly without any chunk, return-control or files event,
 * throws {@link StreamCutOffError}.
 *
 * @example
 * ```ts
 * const response = await client.send(new InvokeAgentCommand(input));
 * const result = await readAgentStream(response.completion, { onText: (t) => sink.send(t) });
 * ```
 * @public
 */
export async function readAgentStream(
	events: AsyncIterable<ResponseStream> | undefined,
	options: AssembleOptions = {},
): Promise<AgentStreamResult> {
	if (!events) throw new StreamCutOffError('the response had no event stream', INVOKE_AGENT);
	const decoder = new TextDecoder('utf-8');
	const text: string[] = [];
	const citations = new CitationMerger();
	const traces: JsonValue[] = [];
	const files: AgentFile[] = [];
	const usage = new UsageCounter();
	let returnControl: AgentReturnControl | undefined;
	let answered = false;

	const emit = (piece: string) => {
		if (!piece) return;
		text.push(piece);
		options.onText?.(piece);
	};

	for await (const event of guardCutOff(events, INVOKE_AGENT)) {
		throwIfException(event);
		if (event.chunk) {
			answered = true;
			if (event.chunk.bytes) emit(decoder.decode(event.chunk.bytes, { stream: true }));
			citations.add(event.chunk.attribution?.citations);
		} else if (event.trace) {
			usage.add(event.trace);
			if (options.collectTraces) traces.push(toJson(event.trace));
		} else if (event.returnControl) {
			answered = true;
			returnControl = {
				invocationId: event.returnControl.invocationId,
				invocationInputs: (event.returnControl.invocationInputs ?? []).map(
					(input: InvocationInputMember) => toJson(input),
				),
			};
		} else if (event.files) {
			answered = true;
			for (const file of event.files.files ?? []) {
				files.push({
					name: file.name || `file-${files.length + 1}`,
					mimeType: file.type || 'application/octet-stream',
					bytes: file.bytes ?? new Uint8Array(),
				});
			}
		}
	}
	emit(decoder.decode());
	if (!answered)
		throw new StreamCutOffError('the stream ended before the agent answered', INVOKE_AGENT);

	return {
		output: text.join(''),
		citations: citations.list(),
		...(returnControl ? { returnControl } : {}),
		...(usage.total ? { usage: usage.total } : {}),
		...(options.collectTraces ? { traces } : {}),
		files,
	};
}

type Fields = Record<string, unknown>;

/** Exceptions of the stream that are the caller's to fix; the others are the service's. */
const CLIENT_FAULTS = new Set([
	'AccessDeniedException',
	'ConflictException',
	'ResourceNotFoundException',
	'ServiceQuotaExceededException',
	'ThrottlingException',
	'ValidationException',
]);

/**
 * Throws an `…Exception` member of the stream as the SDK would: an error named by its code with
 * `$fault`, and no HTTP status (the answer itself was a 200).
 */
function throwIfException(event: ResponseStream): void {
	for (const [key, value] of Object.entries(event as unknown as Fields)) {
		if (!key.endsWith('Exception') || value === undefined || value === null) continue;
		if (value instanceof Error) throw value;
		const fields = value as Fields;
		const code = key.charAt(0).toUpperCase() + key.slice(1);
		const message = fields.message ?? fields.Message;
		const error = new Error(typeof message === 'string' && message ? message : code);
		error.name = code;
		throw Object.assign(error, { $fault: CLIENT_FAULTS.has(code) ? 'client' : 'server' });
	}
}

/** Merges the citations of all chunks: one entry per generated part, each source once. */
class CitationMerger {
	private readonly entries = new Map<string, { citation: AgentCitation; seen: Set<string> }>();

	add(citations: Citation[] | undefined): void {
		for (const citation of citations ?? []) {
			const part = citation.generatedResponsePart?.textResponsePart;
			const span = part?.span ? { start: part.span.start, end: part.span.end } : undefined;
			const key = JSON.stringify([part?.text ?? null, span?.start ?? null, span?.end ?? null]);
			let entry = this.entries.get(key);
			if (!entry) {
				const merged: AgentCitation = { references: [] };
				if (part?.text !== undefined) merged.text = part.text;
				if (span) merged.span = span;
				entry = { citation: merged, seen: new Set() };
				this.entries.set(key, entry);
			}
			for (const reference of citation.retrievedReferences ?? []) {
				const id = referenceKey(reference);
				if (entry.seen.has(id)) continue;
				entry.seen.add(id);
				entry.citation.references.push(toJson(reference));
			}
		}
	}

	list(): AgentCitation[] {
		return [...this.entries.values()].map((e) => e.citation);
	}
}

/** Same source and same passage: the same reference, whatever metadata came along. */
function referenceKey(reference: RetrievedReference): string {
	return JSON.stringify(toJson({ location: reference.location, content: reference.content }));
}

/** Sums the token usage the model invocations of the traces report. */
class UsageCounter {
	total: AgentTokenUsage | undefined;

	add(part: TracePart): void {
		const trace = part.trace;
		if (!trace) return;
		const outputs = [
			trace.orchestrationTrace?.modelInvocationOutput,
			trace.preProcessingTrace?.modelInvocationOutput,
			trace.postProcessingTrace?.modelInvocationOutput,
			trace.routingClassifierTrace?.modelInvocationOutput,
		];
		for (const output of outputs) this.count(output?.metadata?.usage);
	}

	private count(usage: Usage | undefined): void {
		if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return;
		const total = (this.total ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
		total.inputTokens += usage.inputTokens ?? 0;
		total.outputTokens += usage.outputTokens ?? 0;
		total.totalTokens = total.inputTokens + total.outputTokens;
	}
}

/**
 * A JSON copy of an SDK value for an n8n item: dates as ISO strings, bytes as base64,
 * undefined fields left out.
 */
export function toJson(value: unknown): JsonValue {
	if (value === null || value === undefined) return null;
	if (value instanceof Date) return value.toISOString();
	if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
	if (Array.isArray(value)) return value.map(toJson);
	if (typeof value === 'object') {
		const out: { [key: string]: JsonValue } = {};
		for (const [key, field] of Object.entries(value)) {
			if (field !== undefined) out[key] = toJson(field);
		}
		return out;
	}
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
		return value;
	}
	return null;
}
