/**
 * The InvokeAgent request checks Agents for Amazon Bedrock Runtime makes: path parameters, the
 * JSON body (inputText, enableTrace, endSession, memoryId, sessionState, streamingConfigurations)
 * and the input files of the session state.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_InvokeAgent.html
 */
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

/** An input file of `sessionState.files`. */
export interface AgentInputFile {
	name: string;
	useCase: 'CODE_INTERPRETER' | 'CHAT';
	sourceType: 'S3' | 'BYTE_CONTENT';
	mediaType?: string;
	/** Base64 content (BYTE_CONTENT). */
	data?: string;
	/** S3 URI (S3). */
	uri?: string;
}

/** A checked InvokeAgent request. */
export interface AgentRequest {
	inputText: string;
	enableTrace: boolean;
	endSession: boolean;
	memoryId?: string;
	streamFinalResponse: boolean;
	sessionAttributes: Record<string, string>;
	promptSessionAttributes: Record<string, string>;
	/** `sessionState.returnControlInvocationResults`, as sent. */
	returnControlResults: Json[];
	invocationId?: string;
	knowledgeBaseIds: string[];
	files: AgentInputFile[];
}

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const constraint = (value: unknown, field: string, rule: string) =>
	new ApiError(
		400,
		'ValidationException',
		`1 validation error detected: Value ${value === undefined ? 'null' : `'${String(value)}'`} ` +
			`at '${field}' failed to satisfy constraint: ${rule}`,
	);

const SESSION_ID = /^[0-9a-zA-Z._:-]+$/;

/** Checks the path parameters (agent ID, alias ID, session ID). */
export function checkAgentPath(agentId: string, aliasId: string, sessionId: string): void {
	if (!/^[0-9a-zA-Z]{10}$/.test(agentId)) {
		throw constraint(
			agentId,
			'agentId',
			'Member must satisfy regular expression pattern: [0-9a-zA-Z]{10}',
		);
	}
	if (!/^[0-9a-zA-Z]{1,10}$/.test(aliasId)) {
		throw constraint(
			aliasId,
			'agentAliasId',
			'Member must satisfy regular expression pattern: [0-9a-zA-Z]+ and have length less than or equal to 10',
		);
	}
	if (sessionId.length < 2 || sessionId.length > 100 || !SESSION_ID.test(sessionId)) {
		throw constraint(
			sessionId,
			'sessionId',
			'Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+ and have length between 2 and 100',
		);
	}
}

const stringMap = (value: unknown, field: string): Record<string, string> => {
	if (value === undefined) return {};
	if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
		throw constraint(undefined, field, 'Member must be a map of strings');
	}
	return value as Record<string, string>;
};

function readFiles(value: unknown): AgentInputFile[] {
	if (value === undefined) return [];
	if (!Array.isArray(value))
		throw constraint(undefined, 'sessionState.files', 'Member must be a list');
	return value.map((f: unknown, i) => {
		const field = `sessionState.files.${i + 1}.member`;
		if (!isObject(f) || typeof f.name !== 'string' || f.name.length === 0) {
			throw constraint(undefined, `${field}.name`, 'Member must not be null');
		}
		if (f.useCase !== 'CODE_INTERPRETER' && f.useCase !== 'CHAT') {
			throw constraint(
				f.useCase,
				`${field}.useCase`,
				'Member must satisfy enum value set: [CODE_INTERPRETER, CHAT]',
			);
		}
		const source = isObject(f.source) ? f.source : undefined;
		if (source?.sourceType === 'BYTE_CONTENT' && isObject(source.byteContent)) {
			const { mediaType, data } = source.byteContent;
			if (typeof mediaType !== 'string' || typeof data !== 'string' || data.length === 0) {
				throw constraint(undefined, `${field}.source.byteContent.data`, 'Member must not be null');
			}
			return { name: f.name, useCase: f.useCase, sourceType: 'BYTE_CONTENT', mediaType, data };
		}
		if (source?.sourceType === 'S3' && isObject(source.s3Location)) {
			return {
				name: f.name,
				useCase: f.useCase,
				sourceType: 'S3',
				uri: String(source.s3Location.uri),
			};
		}
		throw constraint(
			isObject(source) ? source.sourceType : undefined,
			`${field}.source.sourceType`,
			'Member must satisfy enum value set: [S3, BYTE_CONTENT] with the matching source member',
		);
	});
}

/** Checks an InvokeAgent body; ValidationException when it is not what the service accepts. */
export function readAgentRequest(body: unknown): AgentRequest {
	if (!isObject(body)) {
		throw new ApiError(400, 'SerializationException', 'Request body is not a JSON object');
	}
	const state = body.sessionState ?? {};
	if (!isObject(state)) throw constraint(undefined, 'sessionState', 'Member must be a structure');
	const results = state.returnControlInvocationResults;
	if (results !== undefined && (!Array.isArray(results) || !results.every(isObject))) {
		throw constraint(
			undefined,
			'sessionState.returnControlInvocationResults',
			'Member must be a list',
		);
	}
	const inputText = body.inputText;
	if (inputText !== undefined && typeof inputText !== 'string') {
		throw constraint(inputText, 'inputText', 'Member must be a string');
	}
	if (!results && (inputText === undefined || inputText.length === 0)) {
		throw new ApiError(
			400,
			'ValidationException',
			'Either inputText or sessionState.returnControlInvocationResults must be provided.',
		);
	}
	if (typeof inputText === 'string' && inputText.length > 25_000_000) {
		throw constraint('…', 'inputText', 'Member must have length less than or equal to 25000000');
	}
	const memoryId = body.memoryId;
	if (
		memoryId !== undefined &&
		(typeof memoryId !== 'string' ||
			!SESSION_ID.test(memoryId) ||
			memoryId.length < 2 ||
			memoryId.length > 100)
	) {
		throw constraint(
			memoryId,
			'memoryId',
			'Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+',
		);
	}
	for (const flag of ['enableTrace', 'endSession'] as const) {
		if (body[flag] !== undefined && typeof body[flag] !== 'boolean') {
			throw constraint(body[flag], flag, 'Member must be a boolean');
		}
	}
	const streaming = isObject(body.streamingConfigurations) ? body.streamingConfigurations : {};
	const kbs = state.knowledgeBaseConfigurations;
	return {
		inputText: inputText ?? '',
		enableTrace: body.enableTrace === true,
		endSession: body.endSession === true,
		memoryId: memoryId as string | undefined,
		streamFinalResponse: streaming.streamFinalResponse === true,
		sessionAttributes: stringMap(state.sessionAttributes, 'sessionState.sessionAttributes'),
		promptSessionAttributes: stringMap(
			state.promptSessionAttributes,
			'sessionState.promptSessionAttributes',
		),
		returnControlResults: (results as Json[] | undefined) ?? [],
		invocationId: typeof state.invocationId === 'string' ? state.invocationId : undefined,
		knowledgeBaseIds: Array.isArray(kbs)
			? kbs.filter(isObject).map((kb) => String(kb.knowledgeBaseId))
			: [],
		files: readFiles(state.files),
	};
}
