/**
 * The one table of the AWS identifiers a user types (or an expression fills): the longest value
 * AWS accepts for each, checked before any pattern meets the value, and the pattern itself. The
 * run-time checks and the `By ID` / `By ARN` validation of the resource locators both read it,
 * the forms through the pattern's `source`, so the two can never disagree.
 *
 * Caps from the API references: `modelId` of Converse and InvokeModel and `modelArn` of
 * RetrieveAndGenerate (2,048), agent, alias and knowledge base IDs (10), `sessionId` and
 * `memoryId` of InvokeAgent and RetrieveAndGenerate (100), `guardrailIdentifier` of
 * ApplyGuardrail (an ID of at most 64 characters, or an ARN of at most 2,048) and its
 * `guardrailVersion` (DRAFT or a number of up to 8 digits).
 */
import type { INodePropertyRegexValidation } from 'n8n-workflow';

import { ParameterError } from '../errors/parameterError';
import { tooLong } from '../transport/boundedText';

interface TypedId {
	/** Longest accepted value, in characters. */
	maxLength: number;
	/** The whole value's shape; only ever tested on a value within `maxLength`. */
	pattern: RegExp;
	/** `an agent ID`: what a wrong value is not. */
	what: string;
	/** The problem of an empty value: `no agent chosen`. */
	missing: string;
	/** What the form's validation says under a value of the wrong shape. */
	formError: string;
	/** What to do instead; the error's description. */
	hint: string;
}

const SESSION_ID_HINT = 'Use 2 to 100 letters, digits, or the characters . _ : -';

/** A 10-character agent or knowledge base ID. */
const TEN_CHARACTER_ID = /^[0-9a-zA-Z]{10}$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;

export const TYPED_IDS = {
	/**
	 * A model or inference profile ID: a provider (`amazon`, or a geography such as `us`) and a
	 * dot, then the model's name and version. One quantified part after the first dot: the form
	 * `(\.[…]+)+` it replaces accepted the same strings and backtracked exponentially.
	 */
	Model: {
		maxLength: 2048,
		pattern: /^[a-z0-9-]+\.[\w.:-]+$/,
		what: 'a model or inference profile ID',
		missing: 'is empty',
		formError: 'Not a model or inference profile ID, e.g. amazon.nova-lite-v1:0',
		hint: 'Pick a model from the list, or enter its ID or ARN.',
	},
	/** A Bedrock ARN of any partition (a model, an inference profile, a prompt). */
	'Model ARN': {
		maxLength: 2048,
		pattern: /^arn:aws(?:-cn|-us-gov)?:bedrock:.+$/,
		what: 'a Bedrock ARN',
		missing: 'is empty',
		formError: 'Not a Bedrock ARN',
		hint: 'Enter the ARN of a model or inference profile of the Bedrock region.',
	},
	Agent: {
		maxLength: 10,
		pattern: TEN_CHARACTER_ID,
		what: 'an agent ID',
		missing: 'no agent chosen',
		formError: 'Not an agent ID: 10 letters or digits, e.g. AB12CD34EF',
		hint: 'Pick an agent from the list, or enter its 10-character ID.',
	},
	'Agent Alias': {
		maxLength: 10,
		pattern: /^[0-9a-zA-Z]{1,10}$/,
		what: 'an alias ID',
		missing: 'no alias chosen',
		formError: 'Not an alias ID: up to 10 letters or digits, e.g. TSTALIASID',
		hint: 'Pick an alias from the list, or enter TSTALIASID for the working draft.',
	},
	'Knowledge Base': {
		maxLength: 10,
		pattern: TEN_CHARACTER_ID,
		what: 'a knowledge base ID',
		missing: 'none chosen',
		formError: 'Not a knowledge base ID: 10 letters or digits, e.g. AB12CD34EF',
		hint: 'Pick a knowledge base from the list, or enter its 10-character ID (Amazon Bedrock > Knowledge Bases).',
	},
	'Session ID': {
		maxLength: 100,
		pattern: SESSION_ID,
		what: 'valid',
		missing: 'is empty',
		formError: 'Not a session ID: 2 to 100 letters, digits or . _ : -',
		hint: SESSION_ID_HINT,
	},
	Guardrail: {
		maxLength: 64,
		pattern: /^[a-z0-9]{1,64}$/,
		what: 'a guardrail ID',
		missing: 'no guardrail chosen',
		formError: 'Not a guardrail ID: lower-case letters and digits, e.g. abc123def456',
		hint: 'Pick a guardrail from the list, or enter its ID (Amazon Bedrock > Guardrails).',
	},
	'Guardrail ARN': {
		maxLength: 2048,
		pattern:
			/^arn:aws(?:-cn|-us-gov)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]{1,64}$/,
		what: 'a guardrail ARN',
		missing: 'is empty',
		formError:
			'Not a guardrail ARN, e.g. arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456',
		hint: 'Enter the ARN of a guardrail of the Bedrock region, or pick the guardrail from the list.',
	},
	'Guardrail Version': {
		maxLength: 8,
		pattern: /^(?:DRAFT|[1-9][0-9]{0,7})$/,
		what: 'a guardrail version',
		missing: 'is empty',
		formError: 'Not a guardrail version: DRAFT or a number such as 1',
		hint: 'Choose DRAFT (the working draft) or a version number from the list.',
	},
	'Memory ID': {
		maxLength: 100,
		pattern: SESSION_ID,
		what: 'valid',
		missing: 'is empty',
		formError: 'Not a memory ID: 2 to 100 letters, digits or . _ : -',
		hint: SESSION_ID_HINT,
	},
} as const satisfies Record<string, TypedId>;

export type TypedIdField = keyof typeof TYPED_IDS;

/** `is 3,000 characters long; at most 2,048` when `value` is too long for `field`. */
export function typedIdTooLong(field: TypedIdField, value: string): string | undefined {
	return tooLong(value, TYPED_IDS[field].maxLength);
}

/** Whether `value` has the shape of `field`, its length checked first. */
export function isTypedId(field: TypedIdField, value: string): boolean {
	return !typedIdTooLong(field, value) && TYPED_IDS[field].pattern.test(value);
}

/** A value quoted back in an error: its first 40 characters. */
export const quoted = (value: string): string =>
	`"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;

/**
 * `value` (trimmed) when it has the shape of `field`; else a ParameterError naming the field:
 * by its length alone when it is too long.
 *
 * @param hint - What to do instead, when the node knows better than the table.
 */
export function checkTypedId(field: TypedIdField, value: string, hint?: string): string {
	const id = value.trim();
	const problem = typedIdTooLong(field, id);
	if (problem) throw new ParameterError(field, problem);
	const entry = TYPED_IDS[field];
	if (!entry.pattern.test(id)) {
		throw new ParameterError(
			field,
			id ? `${quoted(id)} is not ${entry.what}` : entry.missing,
			hint ?? entry.hint,
		);
	}
	return id;
}

/** The `By ID` (or `By ARN`) validation of a resource locator mode: the table's own pattern. */
export function typedIdValidation(field: TypedIdField): INodePropertyRegexValidation[] {
	const { pattern, formError } = TYPED_IDS[field];
	return [{ type: 'regex', properties: { regex: pattern.source, errorMessage: formError } }];
}
