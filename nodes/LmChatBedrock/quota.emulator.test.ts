/**
 * The Chat Model's calls go through the shared quota limiter: an AI Agent's turn that AWS
 * throttles waits for its share instead of failing the agent, and every call says which
 * workflow, execution and node made it (Converse `requestMetadata`).
 */
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { agentExecution as runAgent, chatModel as supply } from '../../test/helpers/agentRun';
import { scaledClock } from '../../test/helpers/scaledClock';
import { useEmulator } from '../../test/helpers/useEmulator';
import { clearLimiters } from '../shared/throttle/registry';

/** Quota minutes per real minute, for the emulator's buckets and the limiter's clock alike. */
const TIME_SCALE = 20;
const MODEL = 'amazon.nova-lite-v1:0';

const aws = useEmulator();

const run = (options: IDataObject, executionId: string) => {
	const { type, authentication, data } = CREDENTIAL_CASES[1];
	return {
		credential: { type, authentication, data: data(aws.emulator) },
		model: MODEL,
		options,
		workflowId: 'wf-agents',
		executionId,
	};
};
const chatModel = async (options: IDataObject = {}, executionId = 'exec-1') =>
	await supply(run(options, executionId));
const agentExecution = async (executionId: string, options: IDataObject = {}) =>
	await runAgent(run(options, executionId));

const converseCalls = () => aws.emulator.calls.filter((c) => c.action === 'Converse');

afterEach(() => aws.emulator.setQuotas([]));

it('20 agent executions at once under 60 requests a minute all answer, none fails on throttling', async () => {
	// Warm: the SDK loaded and the credential's session cached, as in a running n8n.
	await agentExecution('warm-up');
	aws.emulator.reset();
	clearLimiters({ clock: scaledClock(TIME_SCALE) });
	// A burst of 5 requests (5 s of quota), what the emulator gives a 300-a-minute quota by
	// default: with a bucket of one request, any jitter in arrivals is a throttle.
	aws.emulator.setQuotas([
		{ target: MODEL, requestsPerMinute: 60, burstSeconds: 5, timeScale: TIME_SCALE },
	]);
	const executions = 20;
	const answers = await Promise.all(
		Array.from({ length: executions }, (_, i) => agentExecution(`exec-${i}`)),
	);

	expect(answers).toEqual(Array(executions).fill('The answer is 84.'));
	const calls = converseCalls();
	const answered = calls.filter((c) => c.status === 200);
	const throttled = calls.filter((c) => c.errorCode === 'ThrottlingException');
	expect(answered).toHaveLength(executions * 2);
	// The quota did bind: without the limiter these turns would have failed the agents.
	expect(throttled.length).toBeGreaterThan(0);
	// How close to the quota's floor they finish is measured in `npm run bench`, not here.
	// Every answered call names its own execution.
	const executionsSeen = new Set(
		answered.map((c) => ((c.body as IDataObject).requestMetadata as IDataObject).n8nExecutionId),
	);
	expect(executionsSeen.size).toBe(executions);
});

it('with Throttling Budget 0 a throttled turn fails as before (after Max Attempts)', async () => {
	// Room for the first execution's two turns, none for the second's.
	aws.emulator.setQuotas([{ target: MODEL, requestsPerMinute: 2, burstSeconds: 60 }]);
	const options = { throttlingBudget: 0, maxAttempts: 1 };
	await agentExecution('exec-a', options);
	await expect(agentExecution('exec-b', options)).rejects.toThrow(/throttl|too many/i);
});

it("a throttled turn that waits past the sub-node's budget fails with AWS's throttling error", async () => {
	clearLimiters({ clock: scaledClock(TIME_SCALE) });
	aws.emulator.setQuotas([{ target: MODEL, requestsPerMinute: 1, timeScale: 1 }]);
	const model = await chatModel({ throttlingBudget: 2 });
	await model.invoke('Hi');
	const started = performance.now();
	await expect(model.invoke('Hi again')).rejects.toThrow(/throttl|too many/i);
	// 2 s of quota time is 2000 / 30 ms of real time, plus the round trips.
	expect(performance.now() - started).toBeLessThan(2000);
	expect(
		converseCalls().filter((c) => c.errorCode === 'ThrottlingException').length,
	).toBeGreaterThan(0);
});

it('every Converse and ConverseStream call names the workflow, execution and node, and the user pairs', async () => {
	const model = await chatModel(
		{ requestMetadata: { pairs: [{ key: 'team', value: 'finance' }] } },
		'exec-77',
	);
	await model.invoke('Hi');
	for await (const _chunk of await model.stream('Hi')) void _chunk;
	const bodies = aws.emulator.calls
		.filter((c) => c.action === 'Converse' || c.action === 'ConverseStream')
		.map((c) => (c.body as IDataObject).requestMetadata);
	expect(bodies).toEqual([
		{ n8nWorkflowId: 'wf-agents', n8nExecutionId: 'exec-77', n8nNode: 'Bedrock', team: 'finance' },
		{ n8nWorkflowId: 'wf-agents', n8nExecutionId: 'exec-77', n8nNode: 'Bedrock', team: 'finance' },
	]);
});

it('a user pair Bedrock would refuse fails the sub-node before any call', async () => {
	await expect(
		chatModel({ requestMetadata: { pairs: [{ key: 'team', value: 'a;b' }] } }),
	).rejects.toThrow(/Request Metadata: the value "a;b" has a character/);
	expect(converseCalls()).toHaveLength(0);
});
