/**
 * The InvokeModel request of one item, built from the node's parameters before anything is sent:
 * the rendered body, the headers the options ask for and the checked custom output fields.
 *
 * API reference: Amazon Bedrock Runtime InvokeModel and InvokeModelWithResponseStream
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html).
 */
import type {
	InvokeModelCommandInput,
	PerformanceConfigLatency,
	ServiceTierType,
	Trace,
} from '@aws-sdk/client-bedrock-runtime';

import { ParameterError } from '../shared/errors/parameterError';
import { validateMappings, type FieldMapping } from './outputMapping';
import { renderTemplate, type PromptVariable } from './template';

/** How a prompt variable's value is inserted. */
export type VariableType = 'auto' | 'string' | 'number' | 'boolean' | 'json';

/** One row of Prompt Variables as n8n hands it over. */
export interface VariableRow {
	name?: unknown;
	value?: unknown;
	type?: VariableType;
}

/** One row of Custom Output Fields as n8n hands it over. */
export interface FieldRow {
	name?: unknown;
	path?: unknown;
}

/** The Options collection. Absent fields were not added in the UI. */
export interface GenerateOptions {
	accept?: string;
	contentType?: string;
	guardrailIdentifier?: string;
	guardrailTrace?: Trace;
	guardrailVersion?: string;
	includeRawResponse?: boolean;
	maxAttempts?: number;
	maxConcurrency?: number;
	performanceLatency?: PerformanceConfigLatency;
	serviceTier?: ServiceTierType;
	streamResponse?: boolean;
}

export interface GenerateParameters {
	/** Model ID or ARN as InvokeModel takes it. */
	modelId: string;
	/** Request Body Template: text, or a value when the field was an expression. */
	template: unknown;
	variables: VariableRow[];
	outputMapping: 'default' | 'custom';
	customFields: FieldRow[];
	/** With Custom output: whether the model's default fields are read too. Default true. */
	includeDefaultFields?: boolean;
	options: GenerateOptions;
}

/** What the node sends for one item and how it reads the answer. */
export interface GenerateRequest {
	input: InvokeModelCommandInput & { body: Uint8Array };
	/** The rendered body, as sent. */
	bodyText: string;
	/** Custom output fields, checked by {@link validateMappings}. */
	customFields: FieldMapping[];
	/** Whether the family's default fields are read. */
	includeDefaults: boolean;
	includeRaw: boolean;
}

export const DEFAULT_MEDIA_TYPE = 'application/json';

const TRACES: readonly Trace[] = ['ENABLED', 'DISABLED', 'ENABLED_FULL'];
const LATENCIES: readonly PerformanceConfigLatency[] = ['standard', 'optimized'];
const TIERS: readonly ServiceTierType[] = ['default', 'flex', 'priority', 'reserved'];
/** A media type as HTTP headers carry it (`type/subtype`, parameters allowed). */
const MEDIA_TYPE = /^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/;

/**
 * Builds the InvokeModel (or InvokeModelWithResponseStream) input of one item.
 *
 * @throws TemplateError when the template or its variables cannot make a body,
 * OutputMappingError for a custom field that is unnamed, duplicated or has a path that is not
 * plain, ParameterError for other parameters. Nothing is sent before this returns.
 */
export function buildGenerateRequest(p: GenerateParameters): GenerateRequest {
	const o = p.options;
	const custom = p.outputMapping === 'custom';
	const customFields = custom ? checkFields(p.customFields) : [];
	const bodyText = renderTemplate(templateText(p.template), p.variables.map(toVariable));

	const input: GenerateRequest['input'] = {
		modelId: p.modelId,
		body: new TextEncoder().encode(bodyText),
		contentType: mediaType('Content Type', o.contentType),
		accept: mediaType('Accept', o.accept),
	};
	const guardrail = typeof o.guardrailIdentifier === 'string' ? o.guardrailIdentifier.trim() : '';
	const version = typeof o.guardrailVersion === 'string' ? o.guardrailVersion.trim() : '';
	if (guardrail) {
		input.guardrailIdentifier = guardrail;
		input.guardrailVersion = version || 'DRAFT';
	} else if (version) {
		throw new ParameterError(
			'Guardrail Version',
			'is set, but Guardrail ID is empty',
			'Enter the ID or ARN of the guardrail, or remove the Guardrail Version option.',
		);
	}
	if (o.guardrailTrace !== undefined) {
		input.trace = oneOf('Guardrail Trace', o.guardrailTrace, TRACES);
	}
	if (o.performanceLatency !== undefined) {
		input.performanceConfigLatency = oneOf('Performance Latency', o.performanceLatency, LATENCIES);
	}
	if (o.serviceTier !== undefined) {
		input.serviceTier = oneOf('Service Tier', o.serviceTier, TIERS);
	}
	return {
		input,
		bodyText,
		customFields,
		includeDefaults: !custom || p.includeDefaultFields !== false,
		includeRaw: o.includeRawResponse === true,
	};
}

/** The template as text: an expression may have produced an object, which is its JSON. */
function templateText(template: unknown): string {
	if (typeof template === 'string') return template;
	if (typeof template === 'object' && template !== null) return JSON.stringify(template);
	return '';
}

function mediaType(parameter: string, value: unknown): string {
	if (value === undefined || value === null || value === '') return DEFAULT_MEDIA_TYPE;
	const text = String(value).trim();
	if (!MEDIA_TYPE.test(text)) {
		throw new ParameterError(
			parameter,
			`"${text.slice(0, 60)}" is not a media type`,
			'Write it as type/subtype, e.g. application/json or image/png.',
		);
	}
	return text;
}

function oneOf<T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
	if (allowed.includes(value as T)) return value as T;
	throw new ParameterError(
		parameter,
		`${JSON.stringify(value)} is not one of ${allowed.join(', ')}`,
	);
}

/** A row of Prompt Variables as the template renderer takes it, its value converted to its type. */
export function toVariable(row: VariableRow): PromptVariable {
	const name = typeof row.name === 'string' ? row.name.trim() : '';
	return { name, value: convert(name, row.value, row.type ?? 'auto') };
}

function convert(name: string, value: unknown, type: VariableType): unknown {
	const wrong = (expected: string, example: string) =>
		new ParameterError(
			'Prompt Variables',
			`the value of "${name}" is not ${expected}`,
			`Give it ${expected} (e.g. ${example}) or set its Type to Auto or String.`,
		);
	switch (type) {
		case 'auto':
			return value;
		case 'string':
			if (value === undefined || value === null) return '';
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
		case 'number': {
			if (typeof value === 'number' && Number.isFinite(value)) return value;
			const text = typeof value === 'string' ? value.trim() : '';
			const number = text === '' ? NaN : Number(text);
			if (!Number.isFinite(number)) throw wrong('a number', '512 or 0.7');
			return number;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
				return value.trim().toLowerCase() === 'true';
			}
			throw wrong('a boolean', 'true or false');
		case 'json':
			if (typeof value !== 'string') return value;
			try {
				return JSON.parse(value);
			} catch {
				// The value itself stays out of the message: it may be confidential.
				throw wrong('valid JSON', '["a", "b"] or {"k": 1}');
			}
		default:
			throw new ParameterError(
				'Prompt Variables',
				`the Type of "${name}" is ${JSON.stringify(type)}; use Auto, String, Number, Boolean or JSON`,
			);
	}
}

/** Custom fields, trimmed and checked before any request. */
function checkFields(rows: FieldRow[]): FieldMapping[] {
	const fields = rows.map((row) => ({
		name: typeof row.name === 'string' ? row.name.trim() : '',
		path: typeof row.path === 'string' ? row.path.trim() : '',
	}));
	validateMappings(fields);
	return fields;
}
