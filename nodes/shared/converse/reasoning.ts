/**
 * Reasoning settings per model family, as Converse takes them in `additionalModelRequestFields`:
 *
 * - Anthropic Claude: extended thinking with a budget (`thinking: {type: "enabled",
 *   budget_tokens}`), adaptive thinking (`thinking: {type: "adaptive"}`, Claude Opus 4.6 and
 *   later, Sonnet 4.6) and effort (`output_config: {effort}`, Claude Opus 4.5 and later, Sonnet
 *   4.6; Opus 4.5 with the `effort-2025-11-24` beta). Amazon Bedrock user guide: "Extended
 *   thinking", "Adaptive thinking".
 * - Amazon Nova 2: `reasoningConfig: {type: "enabled", maxReasoningEffort}` (Amazon Nova 2 user
 *   guide, "Extended thinking"); its reasoning text comes back redacted.
 * - OpenAI open-weight models (gpt-oss): `reasoning_effort`.
 * - DeepSeek-R1 always reasons and takes no setting; its reasoning comes back as
 *   `reasoningContent` like the others'.
 *
 * Settings a model does not take are refused before any call, naming the option.
 */
import { ParameterError } from '../errors/parameterError';
import { baseModelId } from '../parameters/modelId';

export type ReasoningEffort = 'low' | 'medium' | 'high' | 'max';

/** The reasoning options of a node's Options collection. */
export interface ReasoningOptions {
	/** Reasoning Budget (Tokens): Anthropic's extended thinking budget. */
	budget?: number;
	/** Adaptive Thinking: Anthropic decides how much to think. */
	adaptive?: boolean;
	/** Reasoning Effort, for the families that take one. */
	effort?: ReasoningEffort;
}

/** What a model takes of reasoning settings. */
interface ReasoningRules {
	family: 'anthropic' | 'nova' | 'openai' | 'deepseek';
	budget?: boolean;
	adaptive?: boolean;
	/** Effort levels the model takes; absent: none. */
	efforts?: readonly ReasoningEffort[];
	/** Beta flag the effort needs (`anthropic_beta`). */
	effortBeta?: string;
}

const THREE: readonly ReasoningEffort[] = ['low', 'medium', 'high'];
const FOUR: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'max'];
const budgetOnly: ReasoningRules = { family: 'anthropic', budget: true };

/** Rules by foundation model ID prefix; the longest matching prefix applies. */
const REASONING_RULES: Record<string, ReasoningRules> = {
	'anthropic.claude-3-7-sonnet': budgetOnly,
	'anthropic.claude-sonnet-4': budgetOnly,
	'anthropic.claude-sonnet-4-6': {
		family: 'anthropic',
		budget: true,
		adaptive: true,
		efforts: FOUR,
	},
	'anthropic.claude-haiku-4-5': budgetOnly,
	'anthropic.claude-opus-4': budgetOnly,
	'anthropic.claude-opus-4-5': {
		family: 'anthropic',
		budget: true,
		efforts: THREE,
		effortBeta: 'effort-2025-11-24',
	},
	'anthropic.claude-opus-4-6': { family: 'anthropic', budget: true, adaptive: true, efforts: FOUR },
	'anthropic.claude-opus-4-7': { family: 'anthropic', adaptive: true, efforts: FOUR },
	'amazon.nova-2-lite': { family: 'nova', efforts: THREE },
	'openai.gpt-oss': { family: 'openai', efforts: THREE },
	'deepseek.r1': { family: 'deepseek' },
};

function reasoningRules(modelId: string): ReasoningRules | undefined {
	const base = baseModelId(modelId);
	if (!base) return undefined;
	let best: string | undefined;
	for (const prefix of Object.keys(REASONING_RULES)) {
		if (base.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = prefix;
	}
	return best === undefined ? undefined : REASONING_RULES[best];
}

const refuse = (option: string, modelId: string, what: string, hint: string) =>
	new ParameterError(option, `${modelId} takes no ${what} through Converse`, hint);

const PASS_THROUGH =
	'Bedrock Converse can pass the model’s own reasoning field in Additional Model Request Fields.';

/**
 * The `additionalModelRequestFields` members the reasoning options ask for, or undefined when
 * none is set.
 *
 * @throws ParameterError for a setting the model does not take.
 */
export function reasoningFields(
	options: ReasoningOptions,
	modelId: string,
): Record<string, unknown> | undefined {
	const { budget, adaptive, effort } = options;
	if (budget === undefined && !adaptive && effort === undefined) return undefined;
	const rules = reasoningRules(modelId);
	if (budget !== undefined && !rules?.budget) {
		throw refuse(
			'Reasoning Budget (Tokens)',
			modelId,
			'reasoning budget',
			`Remove the option, or choose an Anthropic Claude model (3.7 or later${rules?.adaptive ? '; this one thinks adaptively: use Adaptive Thinking' : ''}). ${PASS_THROUGH}`,
		);
	}
	if (adaptive && !rules?.adaptive) {
		throw refuse(
			'Adaptive Thinking',
			modelId,
			'adaptive thinking',
			`Remove the option, or choose Claude Opus 4.6 or later or Claude Sonnet 4.6; older Claude models take a Reasoning Budget. ${PASS_THROUGH}`,
		);
	}
	if (budget !== undefined && adaptive) {
		throw new ParameterError(
			'Adaptive Thinking',
			'cannot be used together with Reasoning Budget (Tokens)',
			'Keep one of them: adaptive thinking lets the model choose its budget.',
		);
	}
	if (effort !== undefined && !rules?.efforts?.includes(effort)) {
		throw refuse(
			'Reasoning Effort',
			modelId,
			`reasoning effort "${effort}"`,
			rules?.efforts
				? `Choose one of: ${rules.efforts.join(', ')}.`
				: `Remove the option, or choose a model that takes one: Claude Opus 4.5 or later, Claude Sonnet 4.6, Amazon Nova 2 Lite or an OpenAI gpt-oss model. ${PASS_THROUGH}`,
		);
	}
	const fields: Record<string, unknown> = {};
	if (budget !== undefined) fields.thinking = { type: 'enabled', budget_tokens: budget };
	if (adaptive) fields.thinking = { type: 'adaptive' };
	if (effort !== undefined) {
		if (rules!.family === 'anthropic') {
			fields.output_config = { effort };
			if (rules!.effortBeta) fields.anthropic_beta = [rules!.effortBeta];
		} else if (rules!.family === 'nova') {
			fields.reasoningConfig = { type: 'enabled', maxReasoningEffort: effort };
		} else {
			fields.reasoning_effort = effort;
		}
	}
	return fields;
}
