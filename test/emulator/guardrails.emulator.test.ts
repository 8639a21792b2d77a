import { GetGuardrailCommand, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { ApplyGuardrailCommand, type GuardrailContentBlock } from '@aws-sdk/client-bedrock-runtime';

import { useEmulator } from '../helpers/useEmulator';
import { bedrockClient, runtimeClient } from './clients';
import { applyGuardrail as engine } from './guardrailEngine';
import { DEFAULT_USER, MASKING_GUARDRAIL, SUPPORT_GUARDRAIL } from './index';

const text = (t: string, qualifiers?: Array<'grounding_source' | 'query' | 'guard_content'>) =>
	({ text: { text: t, qualifiers } }) as GuardrailContentBlock;

describe('emulator: guardrails', () => {
	const aws = useEmulator();
	const apply = async (
		message: string,
		{ id = SUPPORT_GUARDRAIL.id, version = '1', source = 'INPUT' as 'INPUT' | 'OUTPUT' } = {},
	) =>
		await runtimeClient(aws.emulator).send(
			new ApplyGuardrailCommand({
				guardrailIdentifier: id,
				guardrailVersion: version,
				source,
				content: [text(message)],
			}),
		);

	it('lets clean text through with action NONE, no outputs, and the usage of each policy', async () => {
		const out = await apply('Where is my parcel? It was due on Monday.');
		expect(out.action).toBe('NONE');
		expect(out.outputs).toEqual([]);
		expect(out.assessments).toEqual([{}]);
		expect(out.usage).toEqual({
			topicPolicyUnits: 1,
			contentPolicyUnits: 1,
			wordPolicyUnits: 1,
			sensitiveInformationPolicyUnits: 1,
			sensitiveInformationPolicyFreeUnits: 0,
			contextualGroundingPolicyUnits: 0,
			contentPolicyImageUnits: 0,
		});
	});

	it('masks e-mail addresses and phone numbers, in the shapes of the SDK', async () => {
		const out = await apply('Mail me at jane.doe+shop@example.co.uk or call (555) 123-4567.');
		expect(out.action).toBe('GUARDRAIL_INTERVENED');
		expect(out.outputs).toEqual([{ text: 'Mail me at {EMAIL} or call {PHONE}.' }]);
		expect(out.assessments).toEqual([
			{
				sensitiveInformationPolicy: {
					piiEntities: [
						{
							match: 'jane.doe+shop@example.co.uk',
							type: 'EMAIL',
							action: 'ANONYMIZED',
							detected: true,
						},
						{ match: '(555) 123-4567', type: 'PHONE', action: 'ANONYMIZED', detected: true },
					],
					regexes: [],
				},
			},
		]);
	});

	it('blocks SSNs and card numbers (Luhn), denied topics, insults and custom words', async () => {
		const cases: Array<[string, Record<string, unknown>]> = [
			[
				'My SSN is 123-45-6789',
				{
					sensitiveInformationPolicy: {
						piiEntities: [
							expect.objectContaining({ type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCKED' }),
						],
						regexes: [],
					},
				},
			],
			[
				'Card 4111 1111 1111 1111 please',
				{
					sensitiveInformationPolicy: {
						piiEntities: [
							expect.objectContaining({
								type: 'CREDIT_DEBIT_CARD_NUMBER',
								match: '4111 1111 1111 1111',
							}),
						],
						regexes: [],
					},
				},
			],
			[
				'Should I invest in Bitcoin?',
				{
					topicPolicy: {
						topics: [
							{ name: 'Investment advice', type: 'DENY', action: 'BLOCKED', detected: true },
						],
					},
				},
			],
			[
				'You are an IDIOT',
				{
					contentPolicy: {
						filters: [
							{
								type: 'INSULTS',
								confidence: 'HIGH',
								filterStrength: 'HIGH',
								action: 'BLOCKED',
								detected: true,
							},
						],
					},
				},
			],
			[
				'Tell me about Project Nightingale.',
				{
					wordPolicy: {
						customWords: [{ match: 'Project Nightingale', action: 'BLOCKED', detected: true }],
						managedWordLists: [],
					},
				},
			],
		];
		for (const [message, assessment] of cases) {
			const out = await apply(message);
			expect({ message, action: out.action, outputs: out.outputs }).toEqual({
				message,
				action: 'GUARDRAIL_INTERVENED',
				outputs: [{ text: SUPPORT_GUARDRAIL.blockedInputMessaging }],
			});
			expect(out.assessments).toEqual([assessment]);
		}
		// A 16-digit number that fails Luhn's check is no card; the output message for OUTPUT.
		expect((await apply('Order 4111 1111 1111 1112')).action).toBe('NONE');
		expect((await apply('invest', { source: 'OUTPUT' })).outputs).toEqual([
			{ text: SUPPORT_GUARDRAIL.blockedOutputsMessaging },
		]);
	});

	it('applies the policies of the version asked for', async () => {
		expect((await apply('I will sue you', { version: '1' })).action).toBe('NONE');
		expect((await apply('I will sue you', { version: '2' })).action).toBe('GUARDRAIL_INTERVENED');
		// The draft blocks e-mail addresses that version 2 masks.
		expect((await apply('a@b.io', { version: '2' })).outputs).toEqual([{ text: '{EMAIL}' }]);
		expect((await apply('a@b.io', { version: 'DRAFT' })).outputs).toEqual([
			{ text: SUPPORT_GUARDRAIL.blockedInputMessaging },
		]);
	});

	it('checks only the guarded text when a grounding source and query come with it', async () => {
		const out = await runtimeClient(aws.emulator).send(
			new ApplyGuardrailCommand({
				guardrailIdentifier: MASKING_GUARDRAIL.id,
				guardrailVersion: 'DRAFT',
				source: 'OUTPUT',
				content: [
					text('Write to help@example.com', ['grounding_source']),
					text('What is the address?', ['query']),
					text('Ask 555-123-4567', ['guard_content']),
				],
			}),
		);
		expect(out.outputs).toEqual([{ text: 'Ask {PHONE}' }]);
	});

	it('refuses an unknown guardrail, an unknown version, a bad ID and a guardrail of another region', async () => {
		const notFound = {
			name: 'ResourceNotFoundException',
			$metadata: expect.objectContaining({ httpStatusCode: 404 }),
		};
		await expect(apply('x', { id: 'nosuchguard1' })).rejects.toMatchObject(notFound);
		await expect(apply('x', { version: '9' })).rejects.toMatchObject(notFound);
		await expect(
			apply('x', {
				id: `arn:aws:bedrock:eu-west-1:111122223333:guardrail/${SUPPORT_GUARDRAIL.id}`,
			}),
		).rejects.toMatchObject(notFound);
		await expect(apply('x', { id: 'Bad-ID' })).rejects.toMatchObject({
			name: 'ValidationException',
		});
		await expect(apply('x', { version: 'latest' })).rejects.toMatchObject({
			name: 'ValidationException',
		});
		expect(aws.emulator.count('ApplyGuardrail')).toBe(5);
	});

	it('lists the drafts of all guardrails and the versions of one; gets one version', async () => {
		const client = bedrockClient(aws.emulator);
		const all = await client.send(new ListGuardrailsCommand({}));
		expect(all.guardrails?.map((g) => [g.id, g.version, g.status])).toEqual([
			[SUPPORT_GUARDRAIL.id, 'DRAFT', 'READY'],
			[MASKING_GUARDRAIL.id, 'DRAFT', 'READY'],
		]);
		const versions = await client.send(
			new ListGuardrailsCommand({ guardrailIdentifier: SUPPORT_GUARDRAIL.id, maxResults: 2 }),
		);
		expect(versions.guardrails?.map((g) => g.version)).toEqual(['DRAFT', '1']);
		expect(versions.nextToken).toEqual(expect.any(String));
		const one = await client.send(
			new GetGuardrailCommand({ guardrailIdentifier: SUPPORT_GUARDRAIL.id, guardrailVersion: '2' }),
		);
		expect(one.topicPolicy?.topics?.map((t) => t.name)).toEqual([
			'Investment advice',
			'Legal advice',
		]);
		expect(one.sensitiveInformationPolicy?.piiEntities).toContainEqual({
			type: 'EMAIL',
			action: 'ANONYMIZED',
		});
		const account = DEFAULT_USER.arn.split(':')[4];
		expect(one.guardrailArn).toBe(
			`arn:aws:bedrock:us-east-1:${account}:guardrail/${SUPPORT_GUARDRAIL.id}`,
		);
	});
});

describe('guardrail engine on hostile input', () => {
	// No pattern in the engine: each scanner is one forward pass. A megabyte built to make a
	// backtracking pattern (or a rescan from every position) take hours is answered at once.
	it('answers a megabyte of almost-addresses, almost-numbers and almost-phrases', () => {
		const unit = 'a@a@a. 1-1-1-1-1-1 (((1 ignore previous +1- ';
		const input = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
		const started = Date.now();
		const answer = engine(SUPPORT_GUARDRAIL, SUPPORT_GUARDRAIL.versions[1].policies, 'INPUT', [
			{ text: input, qualifiers: [] },
		]);
		expect(answer.action).toBe('NONE');
		expect(answer.usage.topicPolicyUnits).toBe(1000);
		expect(Date.now() - started).toBeLessThan(10_000);
	});
});
