/**
 * A local AWS emulator for tests: STS, IAM Roles Anywhere, Bedrock, Bedrock Runtime (Converse,
 * ConverseStream, InvokeModel, InvokeModelWithResponseStream), Agents for Bedrock (ListAgents,
 * ListAgentAliases) and Agents for Bedrock Runtime (InvokeAgent) on one port of 127.0.0.1,
 * speaking the real wire formats (event streams included) and checking signatures the way AWS
 * does. Point the package's real AWS SDK clients at `emulator.url` with an endpoint override.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const sts = new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials: DEFAULT_USER });
 * await sts.send(new GetCallerIdentityCommand({}));
 * expect(emulator.count('GetCallerIdentity')).toBe(1);
 * await emulator.stop();
 * ```
 */
import type { ToolRoundTrip } from './agentModel';
import { forgetPromptCache } from './promptCache';
import { FaultQueue, type FaultSpec } from './faults';
import { resolveConfig, type EmulatorConfig, type EmulatorOptions } from './options';
import { startServer } from './server';
import type { QuotaSpec } from './quotas';
import { EmulatorState, type IssuedSession, type RecordedCall } from './state';

export * from './options';
export type { FaultKind, FaultSpec, ReplyFaultKind, StreamFaultKind } from './faults';
export type { QuotaSpec } from './quotas';
export {
	AGENTS,
	CODE_AGENT_ALIAS_ID,
	CODE_AGENT_ID,
	SUPPORT_AGENT_ALIAS_ID,
	SUPPORT_AGENT_ID,
	TEST_ALIAS_ID,
	type CatalogAgent,
	type CatalogAgentAlias,
} from './agentCatalog';
export {
	CITATION_SOURCE_URI,
	RETURN_CONTROL_ACTION_GROUP,
	RETURN_CONTROL_FUNCTION,
} from './agentRuntime';
export {
	CORPUS,
	EMPTY_KB_ID,
	FAQ_DATA_SOURCE_ID,
	KNOWLEDGE_BASES,
	POLICY_DATA_SOURCE_ID,
	SUPPORT_KB_ID,
	type CatalogKnowledgeBase,
	type CorpusDocument,
} from './knowledgeBaseCatalog';
export { RERANKING_MODELS } from './knowledgeBaseRequest';
export { GUARDRAIL_ANSWER, NO_ANSWER } from './knowledgeBaseRuntime';
export { GUARDRAILS, MASKING_GUARDRAIL, SUPPORT_GUARDRAIL } from './guardrailCatalog';
export type { CallerIdentity, IssuedSession, RecordedCall, ServiceName } from './state';
export type { ToolRoundTrip } from './agentModel';

/** A running emulator. */
export interface Emulator {
	/** `http://127.0.0.1:<port>`: the endpoint of every emulated service. */
	readonly url: string;
	readonly port: number;
	/** The options after defaults; change them to change behaviour from the next request on. */
	readonly config: EmulatorConfig;
	/** Every request received since start (or the last `reset()`), oldest first. */
	readonly calls: readonly RecordedCall[];
	/** Every temporary credential handed out (by AssumeRole or CreateSession), oldest first. */
	readonly issuedSessions: readonly IssuedSession[];
	/**
	 * The tool calls the Converse model asked for by its agent rule (a calculator tool offered,
	 * arithmetic asked), each with the result and answer of the call that brought it back.
	 */
	readonly toolRoundTrips: readonly ToolRoundTrip[];
	/** How many calls of an action were received (`AssumeRole`, `Converse`, …). */
	count(action: string): number;
	/**
	 * Forgets the recorded calls, the tool round trips, the pending faults and the prompt cache of Converse cache
	 * points (issued sessions stay valid; config changes stay).
	 */
	reset(): void;
	/** Makes the next matching call(s) fail or stall; see {@link FaultSpec}. */
	injectFault(fault: FaultSpec): void;
	/** Replaces the server clock; `undefined` goes back to the system clock. */
	setClock(now: (() => Date) | undefined): void;
	/**
	 * Sets the wait between two events of every event stream answer from now on, in
	 * milliseconds (0: none); the same as changing `config.streamDelayMs`.
	 */
	setStreamDelay(ms: number): void;
	/**
	 * Replaces the per-model quotas (an empty list: none); every bucket starts full. Throttled
	 * calls are recorded with `errorCode: 'ThrottlingException'`.
	 */
	setQuotas(quotas: QuotaSpec[]): void;
	/** Sets (or with `undefined` clears) the forced lifetime of sessions issued from now on. */
	setSessionLifetime(seconds: number | undefined): void;
	/** Makes issued sessions expire now: all of them, or those with the given access key IDs. */
	expireSessions(accessKeyIds?: string[]): void;
	/** Stops listening and closes every connection. */
	stop(): Promise<void>;
}

/**
 * Starts the emulator on 127.0.0.1.
 *
 * @param options - identities, clock and access rules; every field has a default
 * @public
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const config = resolveConfig(options);
	const state = new EmulatorState(config);
	for (const session of options.sessions ?? []) state.sessions.set(session.accessKeyId, session);
	const faults = new FaultQueue();
	const server = await startServer(state, faults, options.port ?? 0);

	return {
		url: server.url,
		port: server.port,
		config,
		get calls() {
			return state.calls;
		},
		get toolRoundTrips() {
			return state.toolRoundTrips;
		},
		get issuedSessions() {
			return [...state.sessions.values()];
		},
		count: (action) => state.calls.filter((c) => c.action === action).length,
		reset: () => {
			state.calls.length = 0;
			state.toolRoundTrips.length = 0;
			faults.clear();
			forgetPromptCache(state);
		},
		injectFault: (fault) => faults.add(fault),
		setClock: (now) => {
			config.now = now ?? (() => new Date());
		},
		setStreamDelay: (ms) => {
			config.streamDelayMs = ms;
		},
		setQuotas: (quotas) => {
			config.quotas = [...quotas];
			state.quotas.set(quotas);
		},
		setSessionLifetime: (seconds) => {
			config.sessionLifetimeSeconds = seconds;
		},
		expireSessions: (accessKeyIds) => {
			const now = state.now();
			for (const session of state.sessions.values()) {
				if (!accessKeyIds || accessKeyIds.includes(session.accessKeyId)) session.expiration = now;
			}
		},
		stop: () => server.close(),
	};
}
