import { InvokeAgentCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import {
	ConverseCommand,
	ConverseStreamCommand,
	InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { agentRuntimeClient, failure, runtimeClientHttp1, type ClientOptions } from './clients';
import { SUPPORT_AGENT_ID, TEST_ALIAS_ID, startEmulator, type Emulator } from './index';

const messages = [{ role: 'user' as const, content: [{ text: 'one two three four' }] }];

/** The three streaming operations, each read to its end; what arrived, and how it ended. */
type Outcome = { events: string[]; error?: Error & { originalStatusCode?: number } };

const STREAMS: Record<string, (emulator: Emulator, o?: ClientOptions) => Promise<Outcome>> = {
	ConverseStream: async (emulator, o) => {
		const out = await runtimeClientHttp1(emulator, o).send(
			new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages }),
		);
		return drain(out.stream);
	},
	InvokeModelWithResponseStream: async (emulator, o) => {
		const out = await runtimeClientHttp1(emulator, o).send(
			new InvokeModelWithResponseStreamCommand({
				modelId: 'amazon.nova-lite-v1:0',
				body: new TextEncoder().encode(JSON.stringify({ messages })),
			}),
		);
		return drain(out.body);
	},
	InvokeAgent: async (emulator, o) => {
		const out = await agentRuntimeClient(emulator, o).send(
			new InvokeAgentCommand({
				agentId: SUPPORT_AGENT_ID,
				agentAliasId: TEST_ALIAS_ID,
				sessionId: 'faults',
				inputText: 'one two three four',
				enableTrace: true,
			}),
		);
		return drain(out.completion);
	},
};

/** Event counts of a complete answer: ConverseStream 9, Nova chunks 9, 5 traces + 2 chunks. */
const COMPLETE = { ConverseStream: 9, InvokeModelWithResponseStream: 9, InvokeAgent: 7 };
const ACTIONS = Object.keys(STREAMS) as Array<keyof typeof COMPLETE>;

async function drain(stream: AsyncIterable<object> | undefined): Promise<Outcome> {
	const events: string[] = [];
	try {
		for await (const event of stream ?? []) {
			events.push(
				Object.keys(event).find((k) => (event as Record<string, unknown>)[k] !== undefined) ?? '?',
			);
		}
	} catch (err) {
		return { events, error: err as Error };
	}
	return { events };
}

describe('emulator: event stream faults', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset());

	test.each(ACTIONS)('%s without a fault: the complete stream', async (action) => {
		const { events, error } = await STREAMS[action](emulator);
		expect(error).toBeUndefined();
		expect(events).toHaveLength(COMPLETE[action]);
	});

	test.each<[string, string | undefined, string]>([
		['ConverseStream', undefined, 'ModelStreamErrorException'],
		['ConverseStream', 'throttlingException', 'ThrottlingException'],
		['InvokeModelWithResponseStream', undefined, 'ModelStreamErrorException'],
		['InvokeModelWithResponseStream', 'internalServerException', 'InternalServerException'],
		['InvokeAgent', undefined, 'InternalServerException'],
		['InvokeAgent', 'throttlingException', 'ThrottlingException'],
		['InvokeAgent', 'dependencyFailedException', 'DependencyFailedException'],
	])(
		'%s streamException %s: N events, then the SDK throws %s',
		async (action, exceptionType, name) => {
			emulator.injectFault({
				action,
				kind: 'streamException',
				afterEvents: 3,
				exceptionType,
				message: 'boom',
			});
			const { events, error } = await STREAMS[action](emulator);
			expect(events).toHaveLength(3);
			expect(error?.name).toBe(name);
			expect(error?.message).toBe('boom');
			if (name === 'ModelStreamErrorException') expect(error?.originalStatusCode).toBe(500);
			expect(emulator.calls[0]).toMatchObject({
				fault: 'streamException',
				status: 200,
				errorCode:
					exceptionType ??
					(action === 'InvokeAgent' ? 'internalServerException' : 'modelStreamErrorException'),
				errorMessage: 'boom',
			});
			expect(emulator.calls[0].streamed).toHaveLength(4);
		},
	);

	test.each(ACTIONS)(
		'%s streamTruncate: the stream ends cleanly, the last two events missing',
		async (action) => {
			emulator.injectFault({ action, kind: 'streamTruncate' });
			const { events, error } = await STREAMS[action](emulator);
			expect(error).toBeUndefined();
			expect(events).toHaveLength(COMPLETE[action] - 2);
		},
	);

	test.each(ACTIONS)(
		'%s streamTruncate midFrame: the SDK reports a truncated message',
		async (action) => {
			emulator.injectFault({ action, kind: 'streamTruncate', afterEvents: 2, midFrame: true });
			const { events, error } = await STREAMS[action](emulator);
			expect(events).toHaveLength(2);
			expect(error?.message).toMatch(/Truncated event message received/);
		},
	);

	test.each(ACTIONS)('%s slowFirstByte: the first event waits, then all arrive', async (action) => {
		emulator.injectFault({ action, kind: 'slowFirstByte', delayMs: 120 });
		const started = Date.now();
		const { events, error } = await STREAMS[action](emulator);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		expect(error).toBeUndefined();
		expect(events).toHaveLength(COMPLETE[action]);
	});

	test.each(ACTIONS)(
		'%s stall: one event, then silence until the socket timeout',
		async (action) => {
			emulator.injectFault({ action, kind: 'stall' });
			const { events, error } = await STREAMS[action](emulator, { socketTimeoutMs: 100 });
			expect(events).toHaveLength(1);
			expect(error?.name).toBe('TimeoutError');
			expect(emulator.calls[0].streamed).toHaveLength(1);
		},
	);

	test('stall: a request timeout alone does not end a stalled stream (it stops at the headers)', async () => {
		emulator.injectFault({ action: 'ConverseStream', kind: 'stall' });
		const client = runtimeClientHttp1(emulator, { requestTimeoutMs: 50 });
		const out = await client.send(
			new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages }),
		);
		const reading = drain(out.stream);
		const result = await Promise.race([
			reading,
			new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 250)),
		]);
		expect(result).toBe('pending');
		client.destroy(); // the client gives up: the emulator sees the connection go
		expect((await reading).error).toBeDefined();
	});

	test('stream faults wait for a stream answer: refused calls and non-stream calls leave them pending', async () => {
		emulator.injectFault({ action: '*', kind: 'streamException', afterEvents: 0 });
		const client = runtimeClientHttp1(emulator);
		await expect(
			client.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages })),
		).resolves.toBeDefined();
		await expect(
			client.send(new ConverseStreamCommand({ modelId: 'nope.model-v1:0', messages })),
		).rejects.toMatchObject({ name: 'ValidationException' });
		// An exception as the very first event rejects send() itself: the SDK reads the first event
		// before it resolves.
		const err = await failure(STREAMS.ConverseStream(emulator));
		expect(err.name).toBe('ModelStreamErrorException');
		expect(emulator.calls.map((c) => c.fault)).toEqual([undefined, undefined, 'streamException']);
	});
});
