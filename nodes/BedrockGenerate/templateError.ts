import { ParameterError } from '../shared/errors/parameterError';
import { findJsonError } from './jsonError';
import { position, type Piece } from './templateTokens';

/**
 * Largest request body InvokeModel accepts: the API reference gives the `body` member a maximum
 * length of 25,000,000 bytes.
 */
export const MAX_REQUEST_BODY_BYTES = 25_000_000;

export type TemplateErrorCode =
	| 'InvalidVariableName'
	| 'DuplicateVariable'
	| 'UnknownVariable'
	| 'InvalidPlaceholder'
	| 'UnsupportedValue'
	| 'InvalidJson'
	| 'TooLarge';

export interface TemplateErrorDetails {
	/** What to change. */
	description?: string;
	/** Variable names concerned (unknown, duplicated, unsupported…). */
	variables?: string[];
	/** 1-based position in the template, for errors that have one. */
	line?: number;
	column?: number;
}

/**
 * The template or its variables cannot produce a request body: a ParameterError of the field
 * Request Body Template. Never carries a variable's value.
 */
export class TemplateError extends ParameterError {
	readonly code: TemplateErrorCode;
	readonly variables?: string[];
	readonly line?: number;
	readonly column?: number;

	constructor(code: TemplateErrorCode, problem: string, details: TemplateErrorDetails = {}) {
		super('Request Body Template', problem, details.description ?? adviceFor(code, details));
		this.name = 'TemplateError';
		this.code = code;
		this.variables = details.variables;
		this.line = details.line;
		this.column = details.column;
	}
}

function adviceFor(code: TemplateErrorCode, details: TemplateErrorDetails): string | undefined {
	if (code !== 'UnknownVariable' || !details.variables?.length) return undefined;
	const names = details.variables.map((name) => `"${name}"`).join(', ');
	return `Add a prompt variable named ${names} under Prompt Variables, or remove its placeholder from the template. Placeholders are written {{name}}.`;
}

/** The error for a rendered body that is not JSON, pointing at the template line at fault. */
export function invalidJson(template: string, rendered: string, pieces: Piece[]): TemplateError {
	const found = findJsonError(rendered);
	const offset = found?.offset ?? rendered.length;
	const problem = found?.problem ?? 'not valid JSON';
	const piece =
		pieces.find((p) => offset >= p.renderedStart && offset < p.renderedEnd) ??
		pieces[pieces.length - 1];
	const token = piece.token;
	const templateOffset =
		token.kind === 'literal'
			? Math.min(token.start + (offset - piece.renderedStart), token.end)
			: token.start;
	const { line, column } = position(template, templateOffset);
	const where = `line ${line}, column ${column}`;
	if (token.kind === 'placeholder') {
		return new TemplateError(
			'InvalidJson',
			// Leave out what was found there: it is part of the variable's value.
			`The request body template is not valid JSON once {{${token.name}}} is inserted at ${where}: ${problem.replace(/ but found .*$/, '')}`,
			{
				line,
				column,
				variables: [token.name],
				description:
					'A placeholder outside quotes becomes a JSON value (a string value becomes a quoted string), so the template around it must expect a value there. Put the placeholder inside quotes to insert it as text.',
			},
		);
	}
	const excerpt = template
		.slice(Math.max(0, templateOffset - 20), templateOffset + 20)
		.replace(/\s+/g, ' ');
	return new TemplateError(
		'InvalidJson',
		`The request body template is not valid JSON at ${where}: ${problem} (near "${excerpt}")`,
		{
			line,
			column,
			description:
				'Fix the template itself: variable values are always inserted escaped and cannot break its JSON',
		},
	);
}

/** The error for a body over the InvokeModel limit, naming the largest variable. */
export function tooLarge(bytes: number, bytesByVariable: Map<string, number>): TemplateError {
	const largest = [...bytesByVariable.entries()].sort((a, b) => b[1] - a[1])[0];
	const hint = largest
		? ` The largest value is {{${largest[0]}}} with ${megabytes(largest[1])}.`
		: '';
	return new TemplateError(
		'TooLarge',
		`The request body is over ${megabytes(bytes)} already; Bedrock InvokeModel accepts at most 25 MB (${MAX_REQUEST_BODY_BYTES.toLocaleString('en-US')} bytes).${hint}`,
		{
			description:
				'Shorten the prompt variables, split the input across several requests or send large files through a model that reads them from S3',
			variables: largest ? [largest[0]] : [],
		},
	);
}

function megabytes(bytes: number): string {
	return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
