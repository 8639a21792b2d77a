/**
 * Turns whatever an AWS call threw into what the user should read: a short message, the advice
 * from `errorAdvice.ts`, and the AWS request ID for support. Then builds the n8n error.
 *
 * Only codes, messages, request IDs and HTTP statuses are read. The SDK's `$response`, request
 * objects and headers (which can hold signed headers and session tokens) are never passed on.
 */
import {
	NodeApiError,
	NodeError,
	NodeOperationError,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { AuthError } from '../auth/errors';
import { redactSecrets } from './redact';
import { describeLocalFailure, isServiceError } from '../transport/sdkError';
import { StreamCutOffError } from './streamCutOff';
import {
	AWS_ERROR_ADVICE,
	INFERENCE_PROFILE_GEOGRAPHIES,
	INFERENCE_PROFILE_PREFIXES,
	type AwsErrorAdvice,
} from './advice';

export interface AwsErrorInfo {
	/** AWS error code (`ThrottlingException`), our own code, or a Node.js code (`ECONNREFUSED`). */
	code?: string;
	/** The message as AWS (or Node.js) gave it, secrets scrubbed. */
	awsMessage: string;
	/** What went wrong, short: the table's message, or the AWS message when no entry matches. */
	message: string;
	/** What to change, in the words of the AWS console. */
	advice?: string;
	/** AWS request ID, for support cases. */
	requestId?: string;
	/** HTTP status of the AWS answer; absent when AWS did not answer. */
	httpStatus?: number;
}

export interface AwsErrorContext {
	/** The model ID or ARN the request used; lets the advice name a concrete inference profile. */
	modelId?: string;
	/** The region the request was sent to. */
	region?: string;
	/**
	 * The service called (`sts`, `rolesanywhere`, `bedrock`, `bedrock-runtime`,
	 * `bedrock-agent-runtime`). Absent: read from the SDK exception class when possible.
	 */
	service?: string;
	/** The operation called (`Converse`, `InvokeModel`…), when the caller knows it. */
	operation?: string;
	/** Known secret values to scrub from every text, on top of the label-based pass. */
	secrets?: readonly string[];
}

export interface ToNodeErrorContext extends AwsErrorContext {
	/** The item the error belongs to. */
	itemIndex?: number;
}

/** SDK exception base classes, by the service they belong to. */
const SERVICE_BY_EXCEPTION_CLASS: Readonly<Record<string, string>> = {
	STSServiceException: 'sts',
	BedrockServiceException: 'bedrock',
	BedrockAgentServiceException: 'bedrock',
	BedrockRuntimeServiceException: 'bedrock-runtime',
	BedrockAgentRuntimeServiceException: 'bedrock-agent-runtime',
};

interface ParsedError {
	code?: string;
	awsMessage: string;
	requestId?: string;
	httpStatus?: number;
	service?: string;
	operation?: string;
	/** Advice the thrower already gave (an AuthError's). */
	advice?: string;
}

type Fields = Record<string, unknown>;

function asFields(value: unknown): Fields | undefined {
	return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

/** A string with something to read in it; blank messages fall back to the code. */
function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim().length > 0 ? value : undefined;
}

/** `ThrottlingException:http://internal…` and `com.amazonaws…#ThrottlingException` → the code. */
function cleanCode(code: string | undefined): string | undefined {
	if (!code) return undefined;
	return code.split(':')[0].split('#').pop() || undefined;
}

function serviceOfException(error: object): string | undefined {
	for (
		let proto: unknown = Object.getPrototypeOf(error);
		proto && proto !== Object.prototype;
		proto = Object.getPrototypeOf(proto)
	) {
		const name = (proto as { constructor?: { name?: string } }).constructor?.name;
		if (name && SERVICE_BY_EXCEPTION_CLASS[name]) return SERVICE_BY_EXCEPTION_CLASS[name];
	}
	return undefined;
}

/** The request ID and status of an AWS SDK exception, when `value` is one. */
function sdkMetadata(value: unknown): { requestId?: string; httpStatus?: number } | undefined {
	const metadata = asFields(asFields(value)?.$metadata);
	if (!metadata) return undefined;
	const status = metadata.httpStatusCode;
	return {
		requestId: stringOf(metadata.requestId),
		httpStatus: typeof status === 'number' ? status : undefined,
	};
}

function parse(error: unknown): ParsedError {
	if (error instanceof AuthError) {
		const fromCause = sdkMetadata((error as { cause?: unknown }).cause);
		return {
			code: cleanCode(error.code),
			awsMessage: error.message,
			requestId: error.requestId ?? fromCause?.requestId,
			httpStatus: error.httpStatus ?? fromCause?.httpStatus,
			service: error.service,
			operation: error.operation,
			advice: error.advice,
		};
	}
	const fields = asFields(error);
	if (!fields) return { awsMessage: error === undefined ? 'Unknown error' : String(error) };

	const metadata = sdkMetadata(error);
	if (isServiceError(error)) {
		const message = stringOf(fields.message) ?? stringOf(fields.Message);
		const code = cleanCode(stringOf(fields.Code) ?? stringOf(fields.name) ?? stringOf(fields.code));
		return {
			code,
			awsMessage: message ?? code ?? 'Unknown AWS error',
			requestId: metadata?.requestId,
			httpStatus: metadata?.httpStatus,
			service: serviceOfException(fields),
		};
	}

	// No AWS error answer: a network failure or an unreadable body. The SDK adds `$metadata`
	// (with a 200 status when the headers had arrived), so only the request ID is kept.
	const local = describeLocalFailure(error);
	return { code: local.code, awsMessage: local.message, requestId: metadata?.requestId };
}

function codesOf(entry: AwsErrorAdvice): readonly string[] {
	return typeof entry.code === 'string' ? [entry.code] : entry.code;
}

/**
 * The first table entry for this code, service, operation and message, with the message's named
 * groups. Service and operation are fields of the error (or of the call), never read from text.
 *
 * @internal exported for tests
 */
export function findAdvice(
	code: string | undefined,
	awsMessage: string,
	service: string | undefined,
	operation?: string,
): { entry: AwsErrorAdvice; groups: Record<string, string> } | undefined {
	if (!code) return undefined;
	for (const entry of AWS_ERROR_ADVICE) {
		if (!codesOf(entry).includes(code)) continue;
		if (entry.service && entry.service !== service) {
			// Unknown service: only a scoped entry that recognises the message may apply.
			if (service || !entry.match) continue;
		}
		if (entry.operation && operation && entry.operation !== operation) continue;
		if (!entry.match) return { entry, groups: {} };
		const found = entry.match.exec(awsMessage);
		if (!found) continue;
		const groups: Record<string, string> = {};
		for (const [key, value] of Object.entries(found.groups ?? {})) {
			if (value) groups[key] = value;
		}
		return { entry, groups };
	}
	return undefined;
}

/** Fills `{name}` placeholders; undefined when one of them has no value. */
function render(template: string, vars: Record<string, string | undefined>): string | undefined {
	let complete = true;
	const text = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = vars[name];
		if (!value) complete = false;
		return value ?? '';
	});
	return complete ? text : undefined;
}

/**
 * The inference profile IDs to use for a foundation model in a region (`us.…` for us-east-1),
 * best first; empty when the model ID already is a profile, or the region has no geography.
 */
export function suggestInferenceProfileIds(modelId: string, region: string | undefined): string[] {
	if (!region) return [];
	let id = modelId.trim();
	const arn = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:foundation-model\/(.+)$/.exec(id);
	if (arn) id = arn[1];
	if (!id || id.startsWith('arn:') || id.includes('/')) return [];
	const first = id.split('.')[0];
	if (id.includes('.') && INFERENCE_PROFILE_PREFIXES.includes(first)) return [];
	const geography = INFERENCE_PROFILE_GEOGRAPHIES.find((g) => g.region.test(region));
	return geography ? geography.prefixes.map((prefix) => `${prefix}.${id}`) : [];
}

/**
 * Reads code, message, `$metadata.requestId` / `httpStatusCode` from an AWS SDK v3
 * ServiceException, an AuthError, or a Node.js network error, and looks up the advice.
 *
 * @param error - What was thrown.
 * @param context - Model, region and service of the request, for more precise advice.
 * @returns Code, AWS message, our message and advice, request ID and HTTP status; secrets scrubbed.
 * @public
 */
export function describeAwsError(error: unknown, context: AwsErrorContext = {}): AwsErrorInfo {
	const parsed = parse(error);
	// A credential error comes from STS or Roles Anywhere even when a Bedrock call asked for it.
	const fromAuth = error instanceof AuthError && parsed.service !== undefined;
	const service = fromAuth ? parsed.service : (context.service ?? parsed.service);
	const operation = fromAuth ? parsed.operation : (context.operation ?? parsed.operation);
	const scrub = (text: string) => redactSecrets(text, context.secrets ?? []);
	const awsMessage = scrub(parsed.awsMessage);

	let message = awsMessage;
	let advice = parsed.advice;
	if (!advice) {
		const found = findAdvice(parsed.code, awsMessage, service, operation);
		if (found) {
			const modelId = context.modelId ?? found.groups.awsModelId;
			const vars: Record<string, string | undefined> = {
				...found.groups,
				awsMessage,
				modelId,
				region: context.region,
				inferenceProfileId: modelId
					? suggestInferenceProfileIds(modelId, context.region).join(' or ') || undefined
					: undefined,
			};
			message = render(found.entry.message, vars) ?? awsMessage;
			advice = render(found.entry.advice, vars);
			const hint = found.entry.hint ? render(found.entry.hint, vars) : undefined;
			if (hint) advice = advice ? `${advice} ${hint}` : hint;
		}
	}

	return {
		...(parsed.code ? { code: parsed.code } : {}),
		awsMessage,
		message: scrub(message),
		...(advice ? { advice: scrub(advice) } : {}),
		...(parsed.requestId ? { requestId: parsed.requestId } : {}),
		...(parsed.httpStatus !== undefined ? { httpStatus: parsed.httpStatus } : {}),
	};
}

/** The description of an n8n error: advice, the raw error when it differs, the request ID. */
function describeForUser(info: AwsErrorInfo): string | undefined {
	const parts: string[] = [];
	if (info.advice) parts.push(info.advice);
	if (info.awsMessage && info.awsMessage !== info.message) {
		const source =
			info.httpStatus !== undefined
				? `AWS error${info.code ? ` ${info.code}` : ''} (HTTP ${info.httpStatus})`
				: `Error${info.code ? ` ${info.code}` : ''}`;
		parts.push(`${source}: ${info.awsMessage}`);
	}
	if (info.requestId) parts.push(`AWS request ID: ${info.requestId}`);
	return parts.length > 0 ? parts.join('\n') : undefined;
}

/**
 * Builds the n8n error for what an AWS call threw: a NodeApiError when AWS answered (with its
 * HTTP status), a NodeOperationError for bad input and local or network failures. The message
 * is ours, the description holds the advice and `AWS request ID: …`. An error that already is
 * an n8n error only gets its `itemIndex`.
 *
 * @param node - The node the error belongs to (`this.getNode()`).
 * @param error - What was thrown.
 * @param context - Item index, and model, region and service for more precise advice.
 * @public
 */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ToNodeErrorContext = {},
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (context.itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = context.itemIndex;
		}
		return error;
	}
	if (error instanceof NodeError) {
		// Another kind of n8n error: keep its message and description, add the item.
		const wrapped = new NodeOperationError(node, error, { itemIndex: context.itemIndex });
		wrapped.message = redactSecrets(error.message, context.secrets ?? []);
		return wrapped;
	}

	if (error instanceof StreamCutOffError) {
		return new NodeOperationError(node, error.message, {
			itemIndex: context.itemIndex,
			description: error.description,
		});
	}
	const info = describeAwsError(error, context);
	const isValidation = error instanceof AuthError && error.stage === 'validation';
	const description = isValidation ? info.advice : describeForUser(info);

	let nodeError: NodeApiError | NodeOperationError;
	if (info.httpStatus !== undefined && !isValidation) {
		// A plain object, never the SDK exception: its $response can carry signed headers.
		const response: JsonObject = { message: info.awsMessage };
		if (info.code) response.code = info.code;
		if (info.requestId) response.requestId = info.requestId;
		nodeError = new NodeApiError(node, response, {
			message: info.message,
			description,
			httpCode: String(info.httpStatus),
			itemIndex: context.itemIndex,
		});
	} else {
		nodeError = new NodeOperationError(node, info.message, {
			description,
			itemIndex: context.itemIndex,
		});
	}
	// n8n swaps messages that mention common codes (ECONNREFUSED, EPERM…) for generic text.
	nodeError.message = info.message;
	nodeError.description = description ?? null;
	if (info.code) nodeError.context.awsErrorCode = info.code;
	if (info.requestId) nodeError.context.awsRequestId = info.requestId;
	return nodeError;
}
