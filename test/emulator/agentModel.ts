/**
 * What the emulator's Converse model does for an agent (n8n's AI Agent with a calculator tool):
 * - offered a tool whose name contains "calc" while the last user text holds arithmetic
 *   ("what is 12 times 7", "12 * 7 and 3 plus 4"), it asks for that tool once per expression,
 *   in one answer (parallel tool calls), with the expression in the tool's first string
 *   property (`{"input": "12 * 7"}`), and stops with `tool_use`;
 * - offered a tool whose name contains "knowledge" or "retriev" while the last user text is a
 *   question (ends with "?"), it asks that tool once, with the question in its first string
 *   property;
 * - offered a tool whose name contains "guardrail" (the Bedrock Guardrail node as a tool), it asks
 *   that tool once to check the last user text, whole, in its first string property;
 * - when the last message brings back results of tool calls it asked for, it answers from them:
 *   `The answer is 84.` (`The answers are 84 and 7.` for several); from a vector store tool's
 *   documents, the content of the first one.
 * Every such call and result is logged as a {@link ToolRoundTrip} for tests to assert on.
 */
import type { ConverseInput } from './converse';
import type { ToolSetup } from './converseFeatures';

type Json = Record<string, unknown>;

/** One tool call the model asked for, and what came back for it. */
export interface ToolRoundTrip {
	toolUseId: string;
	name: string;
	input: Json;
	/** Request ID of the Converse(Stream) call whose answer asked for the tool. */
	requestedIn: string;
	/** The tool result's text, once a later call brought it back. */
	result?: string;
	/** Request ID of the call that brought the result back. */
	answeredIn?: string;
	/** The model's final text built from the result. */
	answer?: string;
}

const OPERATORS: Record<string, string> = {
	times: '*',
	x: '*',
	'*': '*',
	'multiplied by': '*',
	plus: '+',
	'+': '+',
	minus: '-',
	'-': '-',
	'divided by': '/',
	'/': '/',
};
// A number starts where no digit or point stands before it, so a long run of digits is read
// once, not again from each of its digits.
const EXPRESSION =
	/(?<![\d.])(-?\d+(?:\.\d+)?)\s*(multiplied by|divided by|times|plus|minus|x|\*|\+|-|\/)\s*(-?\d+(?:\.\d+)?)/gi;

/** The arithmetic expressions in a text, normalised: "12 times 7" -> "12 * 7". */
export function arithmetic(text: string): string[] {
	return [...text.matchAll(EXPRESSION)].map(
		([, a, op, b]) => `${a} ${OPERATORS[op.toLowerCase()]} ${b}`,
	);
}

/** The name of the first string property of a tool's input schema; `input` when there is none. */
function stringProperty(input: ConverseInput, toolName: string): string {
	const tools = (input.toolConfig?.tools ?? []) as Json[];
	const spec = tools.find((t) => (t.toolSpec as Json | undefined)?.name === toolName)?.toolSpec as
		| Json
		| undefined;
	const schema = ((spec?.inputSchema as Json | undefined)?.json ?? {}) as Json;
	const properties = (schema.properties ?? {}) as Record<string, Json>;
	return Object.keys(properties).find((k) => properties[k]?.type === 'string') ?? 'input';
}

/**
 * The first plain value in a tool result's text: `[{"response":"84"}]` -> `84`. A text content
 * block (`{"type":"text","text":…}`, what n8n's vector store tool returns) is read for its text,
 * and a document (`{"pageContent":…}`) gives its content: the answer is built from the first
 * document found.
 */
export function resultValue(text: string): string {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return text.trim();
	}
	while (typeof value === 'object' && value !== null) {
		const object = value as Json;
		if (typeof object.pageContent === 'string') return object.pageContent;
		if (object.type === 'text' && typeof object.text === 'string') return resultValue(object.text);
		const values: unknown[] = Array.isArray(value) ? value : Object.values(value);
		if (values.length === 0) return text.trim();
		value = values[0];
	}
	return String(value);
}

const resultText = (result: Json): string =>
	((Array.isArray(result.content) ? result.content : []) as Json[])
		.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c.json ?? '')))
		.join(' ');

export type AgentTurn =
	| { kind: 'toolUse'; calls: Array<{ name: string; input: Json }> }
	| { kind: 'answer'; text: string; trips: ToolRoundTrip[] };

/**
 * The agent rule's move for a request, or undefined when it does not apply (the echo model
 * answers). `log` holds the round trips this emulator started; results are recorded into it.
 */
export function agentTurn(
	input: ConverseInput,
	tools: ToolSetup | undefined,
	log: ToolRoundTrip[],
	requestId: string,
): AgentTurn | undefined {
	const last = input.messages[input.messages.length - 1];
	if (last?.role === 'user') {
		const results = last.content
			.map((b) => b.toolResult as Json | undefined)
			.filter((r): r is Json => !!r);
		const trips = results
			.map((r) => ({ r, trip: log.find((t) => t.toolUseId === r.toolUseId) }))
			.filter((x): x is { r: Json; trip: ToolRoundTrip } => !!x.trip);
		if (trips.length > 0) {
			const values = trips.map(({ r, trip }) => {
				trip.result = resultText(r);
				trip.answeredIn = requestId;
				return resultValue(trip.result);
			});
			const text =
				values.length === 1
					? `The answer is ${values[0]}.`
					: `The answers are ${values.join(' and ')}.`;
			for (const { trip } of trips) trip.answer = text;
			return { kind: 'answer', text, trips: trips.map((t) => t.trip) };
		}
	}
	if (!tools || tools.choice.kind !== 'auto' || last?.role !== 'user') return undefined;
	const text = last.content
		.filter((b) => typeof b.text === 'string')
		.map((b) => b.text as string)
		.join(' ');
	const calculator = tools.names.find((n) => /calc/i.test(n));
	const expressions = calculator ? arithmetic(text) : [];
	if (calculator && expressions.length > 0) {
		const key = stringProperty(input, calculator);
		return {
			kind: 'toolUse',
			calls: expressions.map((e) => ({ name: calculator, input: { [key]: e } })),
		};
	}
	const lookup = tools.names.find((n) => /knowledge|retriev/i.test(n));
	if (lookup && /\?\s*$/.test(text)) {
		return {
			kind: 'toolUse',
			calls: [{ name: lookup, input: { [stringProperty(input, lookup)]: text } }],
		};
	}
	const guardrail = tools.names.find((n) => /guardrail/i.test(n));
	if (guardrail && text.trim()) {
		return {
			kind: 'toolUse',
			calls: [{ name: guardrail, input: { [stringProperty(input, guardrail)]: text } }],
		};
	}
	return undefined;
}
