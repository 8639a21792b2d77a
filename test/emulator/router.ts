/**
 * Routes a request to its service by method and path, and runs the pipeline every request goes
 * through: record the call, apply an injected fault, verify the signature, run the handler,
 * render errors in the service's protocol, and plan event stream answers (with their faults).
 */
import { invokeAgent } from './agentRuntime';
import {
	getFoundationModel,
	getInferenceProfile,
	listFoundationModels,
	listInferenceProfiles,
} from './bedrock';
import { listAgentAliases, listAgents } from './bedrockAgent';
import { applyGuardrail, getGuardrail, listGuardrails } from './guardrails';
import { listDataSources, listKnowledgeBases } from './knowledgeBases';
import { retrieve, retrieveAndGenerate, retrieveAndGenerateStream } from './knowledgeBaseRuntime';
import { rerank } from './rerank';
import { converse, converseStream } from './bedrockRuntime';
import type { Handler, HandlerContext } from './context';
import { faultError, malformedReply, type FaultQueue } from './faults';
import { invokeModel, invokeModelWithResponseStream } from './invokeModel';
import { ApiError, authError, renderError, type Protocol, type Reply } from './protocol';
import { customError, emptyCredentialsReply, floodPlan, type FloodPlan } from './replyFaults';
import { firstValues, parseQuery, safeDecode, type ReceivedRequest } from './request';
import { checkAllowed } from './access';
import { isBearerRequest, verifyBearer } from './bearer';
import { handleCreateSession } from './rolesAnywhere';
import { verifySigV4 } from './sigv4';
import type { EmulatorState, RecordedCall, ServiceName } from './state';
import { isStreamReply, planStream, type StreamPlan } from './streaming';
import { handleSts } from './sts';

export interface Route {
	service: ServiceName;
	protocol: Protocol;
	action: string;
	/** SigV4 signing name the credential scope must carry; absent: the handler authenticates. */
	signingName?: string;
	params: Record<string, string>;
	handler: Handler;
}

interface RouteSpec {
	method: string;
	pattern: RegExp;
	service: ServiceName;
	action: string;
	signingName?: string;
	handler: Handler;
}

const ROUTES: RouteSpec[] = [
	{
		method: 'POST',
		pattern: /^\/sessions$/,
		service: 'rolesanywhere',
		action: 'CreateSession',
		handler: handleCreateSession,
	},
	{
		method: 'GET',
		pattern: /^\/foundation-models$/,
		service: 'bedrock',
		action: 'ListFoundationModels',
		signingName: 'bedrock',
		handler: listFoundationModels,
	},
	{
		method: 'GET',
		pattern: /^\/foundation-models\/(?<modelIdentifier>[^/]+)$/,
		service: 'bedrock',
		action: 'GetFoundationModel',
		signingName: 'bedrock',
		handler: getFoundationModel,
	},
	{
		method: 'GET',
		pattern: /^\/inference-profiles$/,
		service: 'bedrock',
		action: 'ListInferenceProfiles',
		signingName: 'bedrock',
		handler: listInferenceProfiles,
	},
	{
		method: 'GET',
		pattern: /^\/inference-profiles\/(?<inferenceProfileIdentifier>[^/]+)$/,
		service: 'bedrock',
		action: 'GetInferenceProfile',
		signingName: 'bedrock',
		handler: getInferenceProfile,
	},
	{
		method: 'POST',
		pattern: /^\/model\/(?<modelId>[^/]+)\/converse$/,
		service: 'bedrock-runtime',
		action: 'Converse',
		signingName: 'bedrock',
		handler: converse,
	},
	{
		method: 'POST',
		pattern: /^\/model\/(?<modelId>[^/]+)\/converse-stream$/,
		service: 'bedrock-runtime',
		action: 'ConverseStream',
		signingName: 'bedrock',
		handler: converseStream,
	},
	{
		method: 'POST',
		pattern: /^\/model\/(?<modelId>[^/]+)\/invoke$/,
		service: 'bedrock-runtime',
		action: 'InvokeModel',
		signingName: 'bedrock',
		handler: invokeModel,
	},
	{
		method: 'POST',
		pattern: /^\/model\/(?<modelId>[^/]+)\/invoke-with-response-stream$/,
		service: 'bedrock-runtime',
		action: 'InvokeModelWithResponseStream',
		signingName: 'bedrock',
		handler: invokeModelWithResponseStream,
	},
	{
		method: 'POST',
		pattern: /^\/agents\/?$/,
		service: 'bedrock-agent',
		action: 'ListAgents',
		signingName: 'bedrock',
		handler: listAgents,
	},
	{
		method: 'POST',
		pattern: /^\/agents\/(?<agentId>[^/]+)\/agentaliases\/?$/,
		service: 'bedrock-agent',
		action: 'ListAgentAliases',
		signingName: 'bedrock',
		handler: listAgentAliases,
	},
	{
		method: 'POST',
		pattern:
			/^\/agents\/(?<agentId>[^/]+)\/agentAliases\/(?<agentAliasId>[^/]+)\/sessions\/(?<sessionId>[^/]+)\/text$/,
		service: 'bedrock-agent-runtime',
		action: 'InvokeAgent',
		signingName: 'bedrock',
		handler: invokeAgent,
	},
	{
		method: 'POST',
		pattern: /^\/knowledgebases\/?$/,
		service: 'bedrock-agent',
		action: 'ListKnowledgeBases',
		signingName: 'bedrock',
		handler: listKnowledgeBases,
	},
	{
		method: 'POST',
		pattern: /^\/knowledgebases\/(?<knowledgeBaseId>[^/]+)\/datasources\/?$/,
		service: 'bedrock-agent',
		action: 'ListDataSources',
		signingName: 'bedrock',
		handler: listDataSources,
	},
	{
		method: 'POST',
		pattern: /^\/knowledgebases\/(?<knowledgeBaseId>[^/]+)\/retrieve$/,
		service: 'bedrock-agent-runtime',
		action: 'Retrieve',
		signingName: 'bedrock',
		handler: retrieve,
	},
	{
		method: 'POST',
		pattern: /^\/retrieveAndGenerate$/,
		service: 'bedrock-agent-runtime',
		action: 'RetrieveAndGenerate',
		signingName: 'bedrock',
		handler: retrieveAndGenerate,
	},
	{
		method: 'POST',
		pattern: /^\/retrieveAndGenerateStream$/,
		service: 'bedrock-agent-runtime',
		action: 'RetrieveAndGenerateStream',
		signingName: 'bedrock',
		handler: retrieveAndGenerateStream,
	},
	{
		method: 'POST',
		pattern: /^\/rerank$/,
		service: 'bedrock-agent-runtime',
		action: 'Rerank',
		signingName: 'bedrock',
		handler: rerank,
	},
	{
		method: 'GET',
		pattern: /^\/guardrails$/,
		service: 'bedrock',
		action: 'ListGuardrails',
		signingName: 'bedrock',
		handler: listGuardrails,
	},
	{
		method: 'GET',
		pattern: /^\/guardrails\/(?<guardrailIdentifier>[^/]+)$/,
		service: 'bedrock',
		action: 'GetGuardrail',
		signingName: 'bedrock',
		handler: getGuardrail,
	},
	{
		method: 'POST',
		pattern:
			/^\/guardrail\/(?<guardrailIdentifier>[^/]+)\/version\/(?<guardrailVersion>[^/]+)\/apply$/,
		service: 'bedrock-runtime',
		action: 'ApplyGuardrail',
		signingName: 'bedrock',
		handler: applyGuardrail,
	},
];

const unknownOperation: Handler = () => {
	throw new ApiError(404, 'UnknownOperationException', 'Unknown operation');
};

/** Finds the route of a request; STS is `POST /` (or `GET /`) with an `Action` parameter. */
export function matchRoute(req: ReceivedRequest, form: Record<string, string> | undefined): Route {
	if (req.rawPath === '/' && form) {
		return {
			service: 'sts',
			protocol: 'query',
			action: form.Action ?? 'Unknown',
			signingName: 'sts',
			params: {},
			handler: handleSts,
		};
	}
	for (const spec of ROUTES) {
		if (spec.method !== req.method) continue;
		const m = spec.pattern.exec(req.rawPath);
		if (!m) continue;
		const params = Object.fromEntries(
			Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]),
		);
		return { ...spec, protocol: 'json', params };
	}
	return {
		service: 'bedrock',
		protocol: 'json',
		action: 'Unknown',
		params: {},
		handler: unknownOperation,
	};
}

/** What the server should do with the connection. */
export type Outcome =
	| { kind: 'reply'; reply: Reply; requestId: string }
	| { kind: 'stream'; plan: StreamPlan; call: RecordedCall; requestId: string }
	| { kind: 'drop' }
	| { kind: 'reset'; requestId: string }
	| { kind: 'flood'; plan: FloodPlan; requestId: string }
	| { kind: 'gone' };

/** Waits, resolving false when the client went away (or the emulator stopped) meanwhile. */
export type Wait = (ms: number) => Promise<boolean>;

const isForm = (req: ReceivedRequest) =>
	(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** Parses a JSON body for the call log and the handler; the raw text if it does not parse. */
function parseJsonBody(req: ReceivedRequest): unknown {
	const text = req.body.toString('utf8');
	if (text.length === 0) return {};
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Runs one request through the pipeline. */
export async function dispatch(
	state: EmulatorState,
	faults: FaultQueue,
	req: ReceivedRequest,
	wait: Wait,
): Promise<Outcome> {
	const query = parseQuery(req.rawQuery);
	const stsForm =
		req.rawPath === '/' && (isForm(req) || (req.method === 'GET' && 'Action' in query))
			? {
					...firstValues(query),
					...Object.fromEntries(new URLSearchParams(req.body.toString('utf8'))),
				}
			: undefined;
	const route = matchRoute(req, stsForm);
	const requestId = state.newRequestId();
	const body = route.protocol === 'query' ? stsForm : parseJsonBody(req);
	const call: RecordedCall = {
		requestId,
		service: route.service,
		action: route.action,
		method: req.method,
		path: req.rawPath,
		query: firstValues(query),
		headers: { ...req.headers },
		body,
		time: state.now(),
	};
	state.calls.push(call);

	const fault = faults.take(route.action);
	if (fault) {
		call.fault = fault.kind;
		switch (fault.kind) {
			case 'drop':
				return { kind: 'drop' };
			case 'reset':
				return { kind: 'reset', requestId };
			case 'malformed':
				call.status = 200;
				return { kind: 'reply', reply: malformedReply(route.protocol), requestId };
			case 'delay':
				if (!(await wait(fault.delayMs ?? 1000))) return { kind: 'gone' };
				break;
			case 'error': {
				const error = customError(fault, route.protocol);
				record(call, error);
				return { kind: 'reply', reply: renderError(route.protocol, error, requestId), requestId };
			}
			case 'emptyCredentials': {
				const reply = emptyCredentialsReply(route.action, route.protocol, requestId);
				call.status = reply.status;
				return { kind: 'reply', reply, requestId };
			}
			case 'oversized':
				call.status = 200;
				return { kind: 'flood', plan: floodPlan(fault), requestId };
			case 'streamException':
			case 'streamTruncate':
			case 'slowFirstByte':
			case 'stall':
				break; // taken only once a stream answer is ready (see run)
			default: {
				const error = faultError(fault.kind, route.service);
				record(call, error);
				return { kind: 'reply', reply: renderError(route.protocol, error, requestId), requestId };
			}
		}
	}
	return run(state, faults, route, call, req, body);
}

function record(call: RecordedCall, error: ApiError): void {
	call.status = error.status;
	call.errorCode = error.code;
	call.errorMessage = error.message;
	call.reason = error.reason;
}

async function run(
	state: EmulatorState,
	faults: FaultQueue,
	route: Route,
	call: RecordedCall,
	req: ReceivedRequest,
	body: unknown,
): Promise<Outcome> {
	const requestId = call.requestId;
	const ctx: HandlerContext = {
		req,
		state,
		call,
		requestId,
		params: route.params,
		query: call.query,
		body,
	};
	try {
		if (route.signingName && isBearerRequest(req)) {
			call.auth = 'bearer';
			const caller = await verifyBearer(req, call.query, state, route.service);
			call.principalArn = caller.arn;
			ctx.caller = caller;
			ctx.region = state.config.apiKeyRegion;
			checkAllowed(ctx, 'bedrock:CallWithBearerToken', '*');
		} else if (route.signingName) {
			call.auth = 'sigv4';
			const auth = await verifySigV4(req, state, route.signingName);
			if (!auth.ok) {
				call.accessKeyId = auth.accessKeyId;
				throw authError(route.protocol, auth.problem, auth.message, auth.reason);
			}
			call.accessKeyId = auth.identity.accessKeyId;
			call.principalArn = auth.identity.arn;
			ctx.caller = auth.identity;
			ctx.region = auth.region;
		}
		const reply = await route.handler(ctx);
		call.status = reply.status;
		if (isStreamReply(reply)) {
			const fault = faults.take(route.action, 'stream');
			if (fault) call.fault = fault.kind;
			const plan = planStream(reply, fault, state.config.streamDelayMs);
			return { kind: 'stream', plan, call, requestId };
		}
		return { kind: 'reply', reply, requestId };
	} catch (err) {
		const error =
			err instanceof ApiError
				? err
				: new ApiError(
						500,
						route.protocol === 'query' ? 'InternalFailure' : 'InternalServerException',
						'Internal error',
						String(err),
					);
		record(call, error);
		return {
			kind: 'reply',
			reply: renderError(route.protocol, error, requestId),
			requestId,
		};
	}
}
