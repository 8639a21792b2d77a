/**
 * Identifiers a user types (or an expression fills): the longest value AWS accepts for each,
 * checked before any pattern meets the value, and the one shape of a model or inference profile
 * ID. A longer value is refused by its length alone, naming the field and the limit.
 */
import { tooLong } from '../transport/boundedText';

/**
 * Longest accepted value, in characters, by the field name the node shows. From the API
 * references: `modelId` of Converse and InvokeModel and `modelArn` of RetrieveAndGenerate (2,048),
 * agent, alias and knowledge base IDs (10), `sessionId` and `memoryId` (100).
 */
export const TYPED_ID_LIMITS = {
	Model: 2048,
	Agent: 10,
	'Agent Alias': 10,
	'Knowledge Base': 10,
	'Session ID': 100,
	'Memory ID': 100,
} as const;

export type TypedIdField = keyof typeof TYPED_ID_LIMITS;

/** `is 3,000 characters long; at most 2,048` when `value` is too long for `field`. */
export function typedIdTooLong(field: TypedIdField, value: string): string | undefined {
	return tooLong(value, TYPED_ID_LIMITS[field]);
}

/** Throws `refuse(field, problem)` when `value` is too long for `field`; the node's own error. */
export function checkTypedIdLength(
	field: TypedIdField,
	value: string,
	refuse: (field: string, problem: string) => Error,
): void {
	const problem = typedIdTooLong(field, value);
	if (problem) throw refuse(field, problem);
}

/**
 * A model or inference profile ID: a provider (`amazon`, or a geography such as `us`) and a dot,
 * then the model's name and version. One quantified part after the first dot: the form
 * `(\.[…]+)+` it replaces accepted the same strings and backtracked exponentially.
 */
export const MODEL_ID = /^[a-z0-9-]+\.[\w.:-]+$/;
