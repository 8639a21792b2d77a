/** A parameter value that cannot be sent; `field` is the name the node's UI shows. */
export class ParameterError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly hint?: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'ParameterError';
	}
}

/** A parameter error for `checkTypedIdLength`. */
export const refuse = (field: string, problem: string) => new ParameterError(field, problem);
