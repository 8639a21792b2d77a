import { attachmentKind, documentName } from '../shared/converse/media';
import { ParameterError } from '../shared/errors/parameterError';
import { buildConverseInput, type ConverseParameters } from './request';

const base: ConverseParameters = {
	modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
	systemPrompt: '',
	input: { prompt: 'Hi' },
	attachments: [],
	options: {},
};
const build = (p: Partial<ConverseParameters>) => buildConverseInput({ ...base, ...p });
const fails = (p: Partial<ConverseParameters>) => {
	try {
		build(p);
	} catch (error) {
		expect(error).toBeInstanceOf(ParameterError);
		return (error as Error).message;
	}
	throw new Error('expected a ParameterError');
};

describe('buildConverseInput', () => {
	it('sends a prompt as one user message and no empty sections', () => {
		expect(build({})).toEqual({
			modelId: base.modelId,
			messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
			system: undefined,
			inferenceConfig: {
				maxTokens: undefined,
				temperature: undefined,
				topP: undefined,
				stopSequences: undefined,
			},
			toolConfig: undefined,
			additionalModelRequestFields: undefined,
		});
	});

	it('maps every option to its Converse field', () => {
		// Long enough for cache points on a model that caches and reasons (1,024 tokens each).
		const systemPrompt = 'Be brief. '.repeat(1000);
		const w = 'w '.repeat(5000);
		const input = build({
			modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
			systemPrompt,
			options: {
				maxTokens: 100,
				temperature: 0.1,
				topP: 0.5,
				stopSequences: ['END', 'STOP'],
				tools: `[{"name":"get_weather","description":"${w}","inputSchema":{"type":"object"}}]`,
				toolChoice: 'tool',
				toolName: 'get_weather',
				guardrailIdentifier: 'gr-123',
				guardrailVersion: '2',
				guardrailTrace: 'enabled',
				additionalModelRequestFields: '{"top_k": 5}',
				promptCaching: true,
				outputSchema: '{"type":"object","properties":{"a":{"type":"string"}}}',
				reasoningBudget: 2048,
				performanceLatency: 'optimized',
				serviceTier: 'flex',
			},
		});
		expect(input).toMatchObject({
			system: [{ text: systemPrompt }, { cachePoint: { type: 'default' } }],
			inferenceConfig: {
				maxTokens: 100,
				temperature: 0.1,
				topP: 0.5,
				stopSequences: ['END', 'STOP'],
			},
			toolConfig: {
				tools: [
					{
						toolSpec: {
							name: 'get_weather',
							description: w,
							inputSchema: { json: { type: 'object' } },
						},
					},
					{ cachePoint: { type: 'default' } },
				],
				toolChoice: { tool: { name: 'get_weather' } },
			},
			guardrailConfig: { guardrailIdentifier: 'gr-123', guardrailVersion: '2', trace: 'enabled' },
			additionalModelRequestFields: {
				top_k: 5,
				thinking: { type: 'enabled', budget_tokens: 2048 },
			},
			performanceConfig: { latency: 'optimized' },
			serviceTier: { type: 'flex' },
			outputConfig: {
				textFormat: {
					type: 'json_schema',
					structure: {
						jsonSchema: {
							name: 'output',
							schema: '{"type":"object","properties":{"a":{"type":"string"}}}',
						},
					},
				},
			},
		});
	});

	it('takes messages with text shorthand and base64 bytes, and appends attachments to the last user message', () => {
		const png = Buffer.from('png-bytes');
		const input = build({
			input: {
				messages: [
					{ role: 'user', content: 'first' },
					{ role: 'assistant', content: [{ text: 'answer' }] },
					{
						role: 'user',
						content: [
							{ text: 'look' },
							{ image: { format: 'png', source: { bytes: png.toString('base64') } } },
						],
					},
				],
			},
			attachments: [
				{ document: { format: 'pdf', name: 'doc', source: { bytes: Buffer.from('%PDF') } } },
			],
		});
		expect(input.messages?.[0]).toEqual({ role: 'user', content: [{ text: 'first' }] });
		expect(input.messages?.[2].content).toEqual([
			{ text: 'look' },
			{ image: { format: 'png', source: { bytes: png } } },
			{ document: { format: 'pdf', name: 'doc', source: { bytes: Buffer.from('%PDF') } } },
		]);
	});

	it.each([
		[{ input: { prompt: '  ' } }, 'Prompt: is empty'],
		[{ input: { messages: '[' } }, 'Messages: is not valid JSON'],
		[{ input: { messages: [] } }, 'non-empty JSON array'],
		[{ input: { messages: [{ role: 'system', content: 'x' }] } }, 'message 1 has role "system"'],
		[
			{ input: { messages: [{ role: 'assistant', content: 'x' }] }, attachments: [{ text: 'a' }] },
			'last message must be a user message',
		],
		[{ options: { tools: '{"name":"x"}' } }, 'Tools: must be a JSON array'],
		[{ options: { tools: '[{"name":"bad name"}]' } }, 'tool 1 needs a name'],
		[
			{ options: { tools: '[{"name":"a"}]', toolChoice: 'tool', toolName: 'b' } },
			'Tool Name: "b" is not one of the tools',
		],
		[{ options: { additionalModelRequestFields: '[1]' } }, 'must be a JSON object'],
		[
			{ options: { outputSchema: '"x"' } },
			'Structured Output Schema: must be a JSON schema object',
		],
		[
			{ modelId: 'amazon.nova-lite-v1:0', options: { reasoningBudget: 2048 } },
			'takes no reasoning budget',
		],
	] as Array<[Partial<ConverseParameters>, string]>)('refuses bad input %#', (p, message) => {
		expect(fails(p)).toContain(message);
	});
});

describe('attachments', () => {
	it.each([
		['image/png', undefined, 'image', 'png'],
		['image/jpeg', undefined, 'image', 'jpeg'],
		['application/pdf', undefined, 'document', 'pdf'],
		[
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			undefined,
			'document',
			'docx',
		],
		['text/markdown; charset=utf-8', undefined, 'document', 'md'],
		['video/quicktime', undefined, 'video', 'mov'],
		['application/octet-stream', 'clip.mp4', 'video', 'mp4'],
		['application/octet-stream', 'report.xlsx', 'document', 'xlsx'],
	])('%s (%s) is %s %s', (mime, file, kind, format) => {
		expect(attachmentKind(mime, file)).toEqual({ kind, format });
	});

	it('refuses what Converse does not take', () => {
		expect(attachmentKind('application/zip', 'a.zip')).toBeUndefined();
	});

	it('sanitises document names to what Converse accepts and keeps them unique', () => {
		const taken = new Set<string>();
		expect(documentName('Q3 report (final).v2.pdf', taken)).toBe('Q3 report (final)-v2');
		expect(documentName('Q3   report (final).v2.pdf', taken)).toBe('Q3 report (final)-v2 (2)');
		expect(documentName('naïve_résumé [draft].docx', taken)).toBe('na-ve-r-sum- [draft]');
		expect(documentName(undefined, taken)).toBe('document');
		expect(documentName('...', taken)).toBe('--');
	});
});
