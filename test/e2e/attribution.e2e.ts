/**
 * Attribution in the real n8n: every Converse call of a run (Bedrock Converse and the AI Agent's
 * turns on the Bedrock Chat Model) carries the workflow and execution IDs in requestMetadata, and
 * each Assume Role credential sends its Source Identity (the n8n project, or a fixed value) on
 * AssumeRole, once per distinct identity.
 */
import { nodeOutput, type N8n, type RunData } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { ATTRIBUTION_WORKFLOW_ID, FIXED_SOURCE_IDENTITY } from './attributionWorkflows';
import { connectN8n, startE2eEmulator } from './harness';

let n8n: N8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});

const run = async (): Promise<RunData & { id?: string }> =>
	await n8n.runFromTrigger(ATTRIBUTION_WORKFLOW_ID, 'Start', [{}]);

const converseMetadata = () =>
	emulator.calls
		.filter((c) => c.action === 'Converse' || c.action === 'ConverseStream')
		.map((c) => (c.body as { requestMetadata?: Record<string, string> }).requestMetadata);

const assumeRoles = () =>
	emulator.calls
		.filter((c) => c.action === 'AssumeRole')
		.map((c) => (c.body as Record<string, string>).SourceIdentity);

it('every Converse call names its workflow and execution; each identity assumes its role once', async () => {
	// The owner's personal project, which holds the imported workflow.
	const { data: project } = await n8n.rest<{ data: { id?: string } }>('GET', '/projects/personal');
	const projectId = project.id;
	expect(projectId).toEqual(expect.any(String));

	const first = await run();
	expect(nodeOutput(first, 'AI Agent')[0].output).toBe('The answer is 84.');
	expect(first.id).toEqual(expect.any(String));
	// Ask Converse once, the agent's two turns (the calculator, then the answer).
	expect(converseMetadata()).toEqual([
		{
			n8nWorkflowId: ATTRIBUTION_WORKFLOW_ID,
			n8nExecutionId: first.id,
			n8nNode: 'Ask Converse',
			team: 'e2e',
		},
		{
			n8nWorkflowId: ATTRIBUTION_WORKFLOW_ID,
			n8nExecutionId: first.id,
			n8nNode: 'Bedrock Chat Model',
		},
		{
			n8nWorkflowId: ATTRIBUTION_WORKFLOW_ID,
			n8nExecutionId: first.id,
			n8nNode: 'Bedrock Chat Model',
		},
	]);
	expect(assumeRoles().sort()).toEqual([FIXED_SOURCE_IDENTITY, `n8n-project-${projectId}`].sort());
	const fixed = emulator.issuedSessions.find((s) => s.sourceIdentity === FIXED_SOURCE_IDENTITY);
	expect(fixed?.tags).toEqual({ team: 'e2e' });

	emulator.reset();
	const second = await run();
	expect(second.id).not.toBe(first.id);
	expect(converseMetadata().map((m) => m?.n8nExecutionId)).toEqual([
		second.id,
		second.id,
		second.id,
	]);
	// Both sessions are cached: no AssumeRole for the same identities.
	expect(assumeRoles()).toEqual([]);
});
