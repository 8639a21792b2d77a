import { ParameterError } from '../errors/parameterError';
import { reasoningFields } from './reasoning';

const refusal = (run: () => unknown): string => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(ParameterError);
		return `${(error as Error).message} ${(error as ParameterError).hint}`;
	}
	throw new Error('expected a ParameterError');
};

describe('reasoning settings per model family', () => {
	it('sends nothing when no reasoning option is set', () => {
		expect(reasoningFields({}, 'anthropic.claude-3-7-sonnet-20250219-v1:0')).toBeUndefined();
	});

	it('Anthropic: a budget, adaptive thinking, effort (with the beta flag on Opus 4.5)', () => {
		expect(reasoningFields({ budget: 2048 }, 'us.anthropic.claude-sonnet-4-20250514-v1:0')).toEqual(
			{ thinking: { type: 'enabled', budget_tokens: 2048 } },
		);
		expect(
			reasoningFields({ adaptive: true, effort: 'max' }, 'global.anthropic.claude-opus-4-6-v1'),
		).toEqual({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
		expect(reasoningFields({ effort: 'low' }, 'anthropic.claude-opus-4-5-20251101-v1:0')).toEqual({
			output_config: { effort: 'low' },
			anthropic_beta: ['effort-2025-11-24'],
		});
	});

	it('Anthropic: refuses what a Claude model does not take, naming the option', () => {
		expect(
			refusal(() => reasoningFields({ budget: 2048 }, 'anthropic.claude-3-5-haiku-20241022-v1:0')),
		).toContain('Reasoning Budget (Tokens): anthropic.claude-3-5-haiku-20241022-v1:0 takes no');
		expect(
			refusal(() =>
				reasoningFields({ adaptive: true }, 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
			),
		).toContain('Adaptive Thinking');
		expect(refusal(() => reasoningFields({ budget: 2048 }, 'anthropic.claude-opus-4-7'))).toContain(
			'Reasoning Budget',
		);
		expect(
			refusal(() =>
				reasoningFields({ budget: 2048, adaptive: true }, 'anthropic.claude-opus-4-6-v1'),
			),
		).toContain('cannot be used together');
		expect(
			refusal(() => reasoningFields({ effort: 'max' }, 'anthropic.claude-opus-4-5-20251101-v1:0')),
		).toContain('reasoning effort "max"');
	});

	it('Amazon Nova 2: reasoningConfig with the maximum effort; Nova 1 takes none', () => {
		expect(reasoningFields({ effort: 'high' }, 'us.amazon.nova-2-lite-v1:0')).toEqual({
			reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' },
		});
		expect(refusal(() => reasoningFields({ effort: 'low' }, 'amazon.nova-lite-v1:0'))).toContain(
			'Reasoning Effort',
		);
	});

	it('OpenAI gpt-oss: reasoning_effort; DeepSeek-R1: no setting at all', () => {
		expect(reasoningFields({ effort: 'medium' }, 'openai.gpt-oss-120b-1:0')).toEqual({
			reasoning_effort: 'medium',
		});
		expect(refusal(() => reasoningFields({ effort: 'max' }, 'openai.gpt-oss-20b-1:0'))).toContain(
			'Choose one of: low, medium, high',
		);
		expect(refusal(() => reasoningFields({ budget: 2048 }, 'us.deepseek.r1-v1:0'))).toContain(
			'takes no reasoning budget',
		);
	});

	it('refuses any setting for a model the reference does not reveal', () => {
		expect(
			refusal(() =>
				reasoningFields(
					{ effort: 'low' },
					'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
				),
			),
		).toContain('Reasoning Effort');
	});
});
