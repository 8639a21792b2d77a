/**
 * A parameter value that cannot be sent, found before any request: which field (as the node's
 * form names it), what is wrong with it, and what to change. `toNodeError` turns it into the
 * item's NodeOperationError: the message names the field and the problem, the description is
 * the hint. Never put a secret or a whole user value in `problem`: quote at most a short part.
 */
export class ParameterError extends Error {
	constructor(
		/** The field as the node's form shows it: `Session ID`, `Request Body Template`. */
		readonly field: string,
		/** What is wrong, in a few words: `is empty`, `"x" is not an agent ID`. */
		readonly problem: string,
		/** What to change; the n8n error's description. */
		readonly hint?: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'ParameterError';
	}
}
