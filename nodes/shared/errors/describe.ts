/**
 * Turns whatever an AWS call threw into what the user should read: a short message, the advice
 * from `advice.ts` (looked up by code, service and operation), and the AWS request ID.
 */
import { scopedSecrets } from '../auth/scope';
import { AuthError } from '../auth/errors';
import {
	AWS_ERROR_ADVICE,
	INFERENCE_PROFILE_GEOGRAPHIES,
	INFERENCE_PROFILE_PREFIXES,
	type AwsErrorAdvice,
} from './advice';
import { parse } from './parse';
import { redactSecrets } from './redact';

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
	/**
	 * More values the advice table may name, such as `{guardrailId}` and `{guardrailVersion}` of
	 * ApplyGuardrail.
	 */
	names?: Readonly<Record<string, string>>;
	/**
	 * Known secret values to scrub from every text, on top of the label-based pass. Inside a
	 * node's item loop the credential's secret values are scrubbed too (see `authScope`).
	 */
	secrets?: readonly string[];
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
	// Inside a node's item loop the credential's secret values are scrubbed too (see authScope).
	const secrets = [...(context.secrets ?? []), ...scopedSecrets()];
	const scrub = (text: string) => redactSecrets(text, secrets);
	const awsMessage = scrub(parsed.awsMessage);

	let message = awsMessage;
	let advice = parsed.advice;
	if (!advice) {
		const found = findAdvice(parsed.code, awsMessage, service, operation);
		if (found) {
			const modelId = context.modelId ?? found.groups.awsModelId;
			const vars: Record<string, string | undefined> = {
				...context.names,
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
