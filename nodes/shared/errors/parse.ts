/**
 * Reads what was thrown: code, message, request ID, HTTP status and origin (service, operation)
 * of an AWS SDK exception, an AuthError or a Node.js network failure. Only these fields are read;
 * the SDK's `$response`, request objects and headers are never passed on.
 */
import { AuthError } from '../auth/errors';
import { describeLocalFailure, isServiceError } from '../transport/sdkError';

/** SDK exception base classes, by the service they belong to. */
const SERVICE_BY_EXCEPTION_CLASS: Readonly<Record<string, string>> = {
	STSServiceException: 'sts',
	BedrockServiceException: 'bedrock',
	BedrockAgentServiceException: 'bedrock',
	BedrockRuntimeServiceException: 'bedrock-runtime',
	BedrockAgentRuntimeServiceException: 'bedrock-agent-runtime',
};

export interface ParsedError {
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

export function parse(error: unknown): ParsedError {
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
