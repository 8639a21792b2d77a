import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MASKING_GUARDRAIL, SUPPORT_GUARDRAIL } from '../../test/emulator';
import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { binary, locator } from '../../test/helpers/nodeContext';
import {
	pickerContext,
	runNode,
	useEmulator,
	type RunNodeOptions,
} from '../../test/helpers/useEmulator';
import { BedrockGuardrail } from './BedrockGuardrail.node';
import { getGuardrailVersions, searchGuardrails } from './listSearch';

const MESSAGES = [
	'Where is my parcel?',
	'Please write to jane@example.com',
	'Should I invest in crypto?',
	'My SSN is 123-45-6789',
	'Thanks, all good now',
];

const items = (texts: string[]): INodeExecutionData[] =>
	texts.map((message, i) => ({ json: { ticket: `T-${i}`, message } }));

describe('Bedrock Guardrail', () => {
	const aws = useEmulator();
	const node = new BedrockGuardrail();

	/** The node over MESSAGES, each item's text its message. */
	function run(parameters: IDataObject = {}, options: Omit<RunNodeOptions, 'parameters'> = {}) {
		return runNode(node, aws.emulator, {
			items: items(MESSAGES),
			...options,
			parameters: (i) => ({
				guardrail: locator(SUPPORT_GUARDRAIL.id, 'list'),
				guardrailVersion: '1',
				source: 'INPUT',
				text: MESSAGES[i] ?? '',
				options: {},
				...parameters,
			}),
		});
	}

	const summary = (output: INodeExecutionData[]) =>
		output.map((o) => [o.json.ticket, o.json.text, o.pairedItem]);

	it.each(CREDENTIAL_CASES)(
		'routes clean text to Passed unchanged and the rest to Intervened, through $type',
		async (credential) => {
			const [passed, intervened] = await run({}, { credential }).result;
			expect(summary(passed)).toEqual([
				['T-0', 'Where is my parcel?', { item: 0 }],
				['T-4', 'Thanks, all good now', { item: 4 }],
			]);
			expect(passed[0].json).toEqual({
				text: MESSAGES[0],
				passed: true,
				action: 'NONE',
				blocked: false,
				masked: false,
				assessments: [],
				guardrailUsage: {
					topicPolicyUnits: 1,
					contentPolicyUnits: 1,
					wordPolicyUnits: 1,
					sensitiveInformationPolicyUnits: 1,
					sensitiveInformationPolicyFreeUnits: 0,
					contextualGroundingPolicyUnits: 0,
					contentPolicyImageUnits: 0,
				},
				guardrail: { id: SUPPORT_GUARDRAIL.id, version: '1', source: 'INPUT' },
				// The item's own fields follow the guardrail's.
				ticket: 'T-0',
				message: MESSAGES[0],
			});
			expect(Object.keys(passed[0].json)[0]).toBe('text');
			expect(summary(intervened)).toEqual([
				['T-1', 'Please write to {EMAIL}', { item: 1 }],
				['T-2', SUPPORT_GUARDRAIL.blockedInputMessaging, { item: 2 }],
				['T-3', SUPPORT_GUARDRAIL.blockedInputMessaging, { item: 3 }],
			]);
			expect(intervened.map((o) => [o.json.passed, o.json.blocked, o.json.masked])).toEqual([
				[false, false, true],
				[false, true, false],
				[false, true, false],
			]);
			expect(intervened.map((o) => o.json.assessments)).toEqual([
				// Personal data is named by its type; the data itself is not copied (see below).
				[{ policy: 'pii', type: 'EMAIL', action: 'ANONYMIZED', detected: true }],
				[
					{
						policy: 'topic',
						name: 'Investment advice',
						type: 'DENY',
						action: 'BLOCKED',
						detected: true,
					},
				],
				[
					{
						policy: 'pii',
						type: 'US_SOCIAL_SECURITY_NUMBER',
						action: 'BLOCKED',
						detected: true,
					},
				],
			]);
			const calls = aws.emulator.calls.filter((c) => c.action === 'ApplyGuardrail');
			expect(calls).toHaveLength(5);
			expect(calls[0].path).toBe(`/guardrail/${SUPPORT_GUARDRAIL.id}/version/1/apply`);
			expect(calls[0].body).toEqual({
				source: 'INPUT',
				content: [{ text: { text: MESSAGES[0] } }],
			});
			expect(calls[0].auth).toBe(credential.authentication === 'apiKey' ? 'bearer' : 'sigv4');
		},
	);

	it('sends masked-only items to Passed when asked; blocked ones still go to Intervened', async () => {
		const [passed, intervened] = await run({ options: { maskedOutput: 'passed' } }).result;
		expect(passed.map((o) => o.json.text)).toEqual([
			'Where is my parcel?',
			'Please write to {EMAIL}',
			'Thanks, all good now',
		]);
		expect(passed[1].json).toMatchObject({
			passed: true,
			action: 'GUARDRAIL_INTERVENED',
			masked: true,
			blocked: false,
		});
		expect(intervened.map((o) => o.json.ticket)).toEqual(['T-2', 'T-3']);
	});

	it('copies the personal data a finding matched only when asked to', async () => {
		const [, intervened] = await run({ options: { includeMatches: true } }).result;
		expect(
			intervened.map((o) => (o.json.assessments as Array<{ match?: string }>)[0].match),
		).toEqual(['jane@example.com', undefined, '123-45-6789']);
		const [, plain] = await run().result;
		const assessments = JSON.stringify(plain.map((o) => o.json.assessments));
		expect(assessments).not.toContain('jane@example.com');
		expect(assessments).not.toContain('123-45-6789');
	});

	it('puts every item on one output with "passed" when the node has one output', async () => {
		const outputs = await run({ outputMode: 'single' }).result;
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((o) => [o.json.ticket, o.json.passed])).toEqual([
			['T-0', true],
			['T-1', false],
			['T-2', false],
			['T-3', false],
			['T-4', true],
		]);
	});

	it('as an AI Agent tool answers on one output with only its own fields', async () => {
		const outputs = await run({}, { nodeType: 'n8n-nodes-bedrock-iam.bedrockGuardrailTool' })
			.result;
		expect(outputs).toHaveLength(1);
		expect(outputs[0]).toHaveLength(5);
		expect(outputs[0][2].json).not.toHaveProperty('ticket');
		expect(outputs[0][2].json).toMatchObject({ passed: false, blocked: true });
	});

	it('applies the version chosen: version 2 also denies legal advice', async () => {
		const texts = ['I will sue you'];
		const [v1Passed] = await run({ text: texts[0] }, { items: items(texts) }).result;
		expect(v1Passed).toHaveLength(1);
		const [v2Passed, v2Intervened] = await run(
			{ text: texts[0], guardrailVersion: '2' },
			{ items: items(texts) },
		).result;
		expect(v2Passed).toHaveLength(0);
		expect(v2Intervened[0].json.assessments).toEqual([
			expect.objectContaining({ policy: 'topic', name: 'Legal advice' }),
		]);
	});

	it('takes the guardrail by ARN, and sends a grounding source and a query as qualified blocks', async () => {
		const arn = `arn:aws:bedrock:us-east-1:111122223333:guardrail/${MASKING_GUARDRAIL.id}`;
		const [passed, intervened] = await run(
			{
				guardrail: locator(arn, 'arn'),
				guardrailVersion: 'DRAFT',
				source: 'OUTPUT',
				text: 'Call 555-123-4567',
				options: { groundingSource: 'Mail help@example.com', query: 'How do I reach you?' },
			},
			{ items: 1 },
		).result;
		expect(passed).toHaveLength(0);
		expect(intervened[0].json.text).toBe('Call {PHONE}');
		const [call] = aws.emulator.calls.filter((c) => c.action === 'ApplyGuardrail');
		expect(call.path).toBe(`/guardrail/${encodeURIComponent(arn)}/version/DRAFT/apply`);
		expect(call.body).toEqual({
			source: 'OUTPUT',
			content: [
				{ text: { text: 'Call 555-123-4567', qualifiers: ['guard_content'] } },
				{ text: { text: 'Mail help@example.com', qualifiers: ['grounding_source'] } },
				{ text: { text: 'How do I reach you?', qualifiers: ['query'] } },
			],
		});
	});

	it('sends images from binary fields, and refuses one that is not PNG or JPEG', async () => {
		const png = binary(Buffer.from('png-bytes'), 'image/png', 'a.png');
		const gif = binary(Buffer.from('gif-bytes'), 'image/gif', 'b.gif');
		const [passed] = await run(
			{ text: 'Look at this', options: { imageProperties: 'photo' } },
			{ items: [{ json: {}, binary: { photo: png } }] },
		).result;
		expect(passed[0].json.guardrailUsage).toMatchObject({ contentPolicyImageUnits: 1 });
		expect(passed[0].binary).toEqual({ photo: png });
		const [call] = aws.emulator.calls.filter((c) => c.action === 'ApplyGuardrail');
		expect((call.body as { content: unknown[] }).content[1]).toEqual({
			image: { format: 'png', source: { bytes: Buffer.from('png-bytes').toString('base64') } },
		});
		await expect(
			run(
				{ text: 'x', options: { imageProperties: 'photo' } },
				{ items: [{ json: {}, binary: { photo: gif } }] },
			).result,
		).rejects.toThrow('Binary property "photo" is image/gif; guardrails check PNG and JPEG images');
	});

	it('says which guardrail and version were not found in which region', async () => {
		const error = await run({ guardrailVersion: '7' }, { items: 1 }).result.catch((e) => e);
		expect(error.message).toBe('The guardrail or its version was not found in this Bedrock Region');
		expect(error.description).toContain('Amazon Bedrock > Guardrails');
		expect(error.description).toContain(
			`Guardrail ${SUPPORT_GUARDRAIL.id}, version 7, region us-east-1.`,
		);
		expect(error.description).toMatch(/AWS request ID: \S+/);
	});

	it('refuses a malformed guardrail ID or version before any request', async () => {
		const badId = await run({ guardrail: locator('Not An ID!') }, { items: 1 }).result.catch(
			(e) => e,
		);
		expect(badId.message).toContain('is not a guardrail ID');
		const long = await run({ guardrail: locator('a'.repeat(100_000)) }, { items: 1 }).result.catch(
			(e) => e,
		);
		expect(long.message).toContain('100,000 characters long');
		const badVersion = await run({ guardrailVersion: 'latest' }, { items: 1 }).result.catch(
			(e) => e,
		);
		expect(badVersion.message).toContain('is not a guardrail version');
		expect(aws.emulator.count('ApplyGuardrail')).toBe(0);
	});

	it('with Continue On Fail, an item it could not check goes to Intervened with its error', async () => {
		const [passed, intervened] = await run(
			{ guardrailVersion: '7' },
			{ continueOnFail: true, items: items(['fine', 'also fine']) },
		).result;
		expect(passed).toHaveLength(0);
		const message = 'The guardrail or its version was not found in this Bedrock Region';
		expect(intervened.map((o) => [o.json.error, o.pairedItem])).toEqual([
			[message, { item: 0 }],
			[message, { item: 1 }],
		]);
		expect(intervened[0].json.description).toContain(
			`Guardrail ${SUPPORT_GUARDRAIL.id}, version 7`,
		);
	});

	describe('pickers', () => {
		const loadOptions = (parameters: IDataObject) =>
			pickerContext(aws.emulator, {
				node: new BedrockGuardrail(),
				parameters,
				credential: CREDENTIAL_CASES[0],
			});

		it('lists the guardrails of the region, filtered by what is typed', async () => {
			const { results } = await searchGuardrails.call(loadOptions({}));
			expect(results.map((r) => [r.name, r.value])).toEqual([
				[`mask-personal-data (${MASKING_GUARDRAIL.id})`, MASKING_GUARDRAIL.id],
				[`support-inbox (${SUPPORT_GUARDRAIL.id})`, SUPPORT_GUARDRAIL.id],
			]);
			const typed = await searchGuardrails.call(loadOptions({}), 'support');
			expect(typed.results.map((r) => r.value)).toEqual([SUPPORT_GUARDRAIL.id]);
		});

		it('lists the versions of the chosen guardrail, DRAFT first; only DRAFT without one', async () => {
			const versions = await getGuardrailVersions.call(
				loadOptions({ guardrail: locator(SUPPORT_GUARDRAIL.id, 'list') }),
			);
			expect(versions.map((v) => v.value)).toEqual(['DRAFT', '2', '1']);
			expect(aws.emulator.calls.at(-1)?.query).toMatchObject({
				guardrailIdentifier: SUPPORT_GUARDRAIL.id,
			});
			const none = await getGuardrailVersions.call(loadOptions({ guardrail: locator('') }));
			expect(none.map((v) => v.value)).toEqual(['DRAFT']);
		});
	});
});
