/**
 * An Assume Role credential's Source Identity and session tags reach STS, which (in the emulator,
 * as at AWS) checks them and records them with the session; each distinct value is a cached
 * session of its own.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { BedrockConverse } from '../../BedrockConverse/BedrockConverse.node';
import { readSessionAttributes as stsReads } from '../../../test/emulator/stsSessionAttributes';
import { assumeRoleData } from '../../../test/helpers/credentials';
import { locator } from '../../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../../test/helpers/useEmulator';

const aws = useEmulator();
const node = new BedrockConverse();

async function converse(extra: ICredentialDataDecryptedObject, projectId?: string) {
	const { result } = runNode(node, aws.emulator, {
		parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'hi', options: {} },
		data: assumeRoleData(aws.emulator, extra),
		projectId,
	});
	return await result;
}

const assumeRoleForms = () =>
	aws.emulator.calls
		.filter((c) => c.action === 'AssumeRole')
		.map((c) => c.body as Record<string, string>);

it('a fixed Source Identity goes with AssumeRole and names the session; one call for many executions', async () => {
	const fixed = { sourceIdentityMode: 'fixed', sourceIdentity: 'n8n-finance' };
	await converse(fixed);
	await converse(fixed);
	expect(assumeRoleForms()).toEqual([expect.objectContaining({ SourceIdentity: 'n8n-finance' })]);
	expect(aws.emulator.issuedSessions.at(-1)?.sourceIdentity).toBe('n8n-finance');
	expect(aws.emulator.count('Converse')).toBe(2);
});

it('n8n Project: one AssumeRole per distinct project, each session named after its project', async () => {
	const byProject = { sourceIdentityMode: 'project' };
	await converse(byProject, 'proj1');
	await converse(byProject, 'proj2');
	await converse(byProject, 'proj1');
	expect(assumeRoleForms().map((f) => f.SourceIdentity)).toEqual([
		'n8n-project-proj1',
		'n8n-project-proj2',
	]);
	expect(aws.emulator.issuedSessions.slice(-2).map((s) => s.sourceIdentity)).toEqual([
		'n8n-project-proj1',
		'n8n-project-proj2',
	]);
});

it('session tags go with AssumeRole and are recorded with the session', async () => {
	await converse({ sessionTags: '{"team": "finance", "cost-centre": "CC 1234"}' });
	expect(assumeRoleForms()[0]).toMatchObject({
		'Tags.member.1.Key': 'team',
		'Tags.member.1.Value': 'finance',
		'Tags.member.2.Key': 'cost-centre',
		'Tags.member.2.Value': 'CC 1234',
	});
	expect(aws.emulator.issuedSessions.at(-1)?.tags).toEqual({
		team: 'finance',
		'cost-centre': 'CC 1234',
	});
	// Other tags: another session.
	await converse({ sessionTags: '{"team": "sales"}' });
	expect(aws.emulator.count('AssumeRole')).toBe(2);
});

it.each([
	[{ sourceIdentityMode: 'fixed', sourceIdentity: 'has space' }, /Source Identity/],
	[{ sourceIdentityMode: 'fixed', sourceIdentity: 'x'.repeat(65) }, /Source Identity/],
	[{ sourceIdentityMode: 'project' }, /known only while a workflow runs/],
	[{ sessionTags: '{"a": "1", "A": "2"}' }, /twice \(tag keys ignore case\)/],
	[{ sessionTags: '{"team": "a;b"}' }, /Session Tags: the value of "team"/],
	[{ sessionTags: '[1]' }, /Session Tags: must be a JSON object/],
])('%j fails before any call', async (extra, message) => {
	await expect(converse(extra)).rejects.toThrow(message);
	expect(aws.emulator.count('AssumeRole')).toBe(0);
	expect(aws.emulator.count('Converse')).toBe(0);
});

it("the emulator's STS refuses what STS refuses", () => {
	const violations: string[] = [];
	const add = (_v: string | undefined, field: string) => violations.push(field);
	const refuse = (message: string): never => {
		throw new Error(message);
	};
	stsReads({ SourceIdentity: 'a' }, add, refuse);
	stsReads({ SourceIdentity: 'aws:x' }, add, refuse);
	stsReads({ 'Tags.member.1.Key': 'k'.repeat(129), 'Tags.member.1.Value': 'v' }, add, refuse);
	expect(violations).toEqual(['sourceIdentity', 'sourceIdentity', 'tags.1.member.key']);
	const fiftyOne = Object.fromEntries(
		Array.from({ length: 51 }, (_, i) => [`Tags.member.${i + 1}.Key`, `k${i}`]),
	);
	expect(() => stsReads(fiftyOne, add, refuse)).toThrow(/TagsPerSession: 50/);
	expect(() =>
		stsReads({ 'Tags.member.1.Key': 'Team', 'Tags.member.2.Key': 'team' }, add, refuse),
	).toThrow(/case insensitive/);
});
