/**
 * Builds the n8n error for what an AWS call threw: message, advice and request ID from
 * `describe.ts`, secrets scrubbed, the item index set.
 */
import {
	NodeApiError,
	NodeError,
	NodeOperationError,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { AuthError } from '../auth/errors';
import { scopedSecrets } from '../auth/scope';
import { describeAwsError, type AwsErrorContext, type AwsErrorInfo } from './describe';
import { ParameterError } from './parameterError';
import { redactSecrets } from './redact';
import { StreamCutOffError } from './streamCutOff';

export { ParameterError };

export {
	describeAwsError,
	findAdvice,
	suggestInferenceProfileIds,
	type AwsErrorContext,
	type AwsErrorInfo,
} from './describe';

export interface ToNodeErrorContext extends AwsErrorContext {
	/** The item the error belongs to. */
	itemIndex?: number;
	/**
	 * The request ID of the answer the error arrived in, for an error that carries none of its
	 * own (an exception inside an event stream).
	 */
	requestId?: string;
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
	const nodeError = mapError(node, error, context);
	if (context.requestId && nodeError.context.awsRequestId === undefined) {
		nodeError.context.awsRequestId = context.requestId;
		nodeError.description = [nodeError.description, `AWS request ID: ${context.requestId}`]
			.filter(Boolean)
			.join('\n');
	}
	return nodeError;
}

function mapError(
	node: INode,
	error: unknown,
	context: ToNodeErrorContext,
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
		wrapped.message = redactSecrets(error.message, [
			...(context.secrets ?? []),
			...scopedSecrets(),
		]);
		return wrapped;
	}

	if (error instanceof ParameterError) {
		return new NodeOperationError(node, error.message, {
			itemIndex: context.itemIndex,
			description: error.hint,
		});
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
