/**
 * The cost estimate of one model call: its tokens times the prices of its model and service
 * tier, from the package's price table (prices.json: its date, source and region are in the
 * file) or from the prices the user gives per model. Never guessed: a model, tier, region or
 * kind of token without a price gives no estimate, and `costNote` says which price is missing.
 */
import { ParameterError } from '../errors/parameterError';
import table from './prices.json';

/** Prices of one model in one tier, in the currency per `per` tokens. */
export interface TierPrices {
	input: number;
	output: number;
	cacheRead?: number;
	cacheWrite?: number;
}

/** Prices by model ID, then by service tier (`default`, `flex`, `priority`, `reserved`). */
export type PriceList = Record<string, Record<string, TierPrices>>;

/** The token counts an estimate needs (Converse's `usage`). */
export interface BilledTokens {
	inputTokens?: number;
	outputTokens?: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
}

export interface CostEstimate {
	currency: string;
	/** Each part in the currency; cache parts only when the call read or wrote the cache. */
	input: number;
	output: number;
	cacheRead?: number;
	cacheWrite?: number;
	total: number;
	tier: string;
	/** `table <date>` or `your prices`. */
	pricesFrom: string;
}

export const PRICE_TABLE = {
	date: table.date,
	region: table.region,
	currency: table.currency,
	per: table.per,
	models: table.models as PriceList,
};

/** The longest Prices (JSON) option read; a price list of a few hundred models fits. */
export const MAX_PRICES_JSON = 50_000;
const FIELD = 'Prices (JSON)';

const EXAMPLE = 'Write {"<model ID>": {"default": {"input": 0.06, "output": 0.24}}}.';

/** The parsed JSON, or undefined when it does not parse. */
function parsed(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Reads the Prices (JSON) option: `{"<model ID>": {"<tier>": {"input": …, "output": …,
 * "cacheRead": …, "cacheWrite": …}}}` in USD per 1,000,000 tokens.
 *
 * @throws ParameterError for text over the size cap, JSON that does not parse, or a price that
 * is not a number ≥ 0.
 */
export function readPriceOverrides(option: unknown): PriceList {
	if (option === undefined || option === '' || option === null) return {};
	let value: unknown = option;
	if (typeof option === 'string') {
		if (option.length > MAX_PRICES_JSON) {
			throw new ParameterError(
				FIELD,
				`is ${option.length} characters long`,
				`At most ${MAX_PRICES_JSON}.`,
			);
		}
		value = parsed(option);
		if (value === undefined) {
			throw new ParameterError(FIELD, 'is not valid JSON', EXAMPLE);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ParameterError(
			FIELD,
			'is not an object of models',
			'Write {"<model ID>": {"default": {"input": 0.06, "output": 0.24}}}.',
		);
	}
	const list: PriceList = {};
	for (const [model, tiers] of Object.entries(value)) {
		if (typeof tiers !== 'object' || tiers === null || Array.isArray(tiers)) {
			throw new ParameterError(
				FIELD,
				`"${model.slice(0, 80)}" has no tiers`,
				'Each model holds tiers: {"default": {"input": …, "output": …}}.',
			);
		}
		list[model] = {};
		for (const [tier, prices] of Object.entries(tiers as Record<string, unknown>)) {
			const p = prices as Partial<Record<keyof TierPrices, unknown>>;
			const parts = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;
			const bad = parts.find(
				(k) => (k === 'input' || k === 'output' || p?.[k] !== undefined) && !isPrice(p?.[k]),
			);
			if (bad) {
				throw new ParameterError(
					FIELD,
					`${model.slice(0, 80)} / ${tier.slice(0, 20)}: "${bad}" is not a price`,
					'Prices are numbers ≥ 0 in USD per 1,000,000 tokens; input and output are required.',
				);
			}
			list[model][tier] = p as TierPrices;
		}
	}
	return list;
}

const round = (n: number) => Math.round(n * 1e10) / 1e10;

/**
 * The estimate of one call, or why there is none.
 *
 * @param modelId - the model as called (an inference profile is priced by the table only when
 * listed under its own ID).
 * @param region - where the call went; the table holds the prices of its one region.
 */
export function estimateCost(
	call: { modelId: string; region: string; tier?: string; tokens: BilledTokens },
	overrides: PriceList = {},
): { cost: CostEstimate } | { costNote: string } {
	const tier = call.tier || 'default';
	const own = Object.hasOwn(overrides, call.modelId) ? overrides[call.modelId] : undefined;
	let prices: TierPrices | undefined;
	let pricesFrom: string;
	if (own) {
		prices = Object.hasOwn(own, tier) ? own[tier] : undefined;
		pricesFrom = 'your prices';
		if (!prices) return { costNote: `Prices (JSON) has no "${tier}" tier for ${call.modelId}` };
	} else {
		const listed = Object.hasOwn(PRICE_TABLE.models, call.modelId)
			? PRICE_TABLE.models[call.modelId]
			: undefined;
		pricesFrom = `table ${PRICE_TABLE.date}`;
		if (!listed) {
			return {
				costNote: `The price table (${PRICE_TABLE.date}) has no prices for ${call.modelId}; add them in Prices (JSON)`,
			};
		}
		if (call.region !== PRICE_TABLE.region) {
			return {
				costNote: `The price table (${PRICE_TABLE.date}) holds ${PRICE_TABLE.region} prices only, not ${call.region}'s; add them in Prices (JSON)`,
			};
		}
		prices = Object.hasOwn(listed, tier) ? listed[tier] : undefined;
		if (!prices) {
			return {
				costNote: `The price table (${PRICE_TABLE.date}) has no "${tier}" tier prices for ${call.modelId}; add them in Prices (JSON)`,
			};
		}
	}
	const {
		inputTokens,
		outputTokens,
		cacheReadInputTokens = 0,
		cacheWriteInputTokens = 0,
	} = call.tokens;
	if (inputTokens === undefined || outputTokens === undefined) {
		return { costNote: 'The answer did not say how many tokens it used' };
	}
	const per = PRICE_TABLE.per;
	const cost: CostEstimate = {
		currency: PRICE_TABLE.currency,
		input: round((inputTokens * prices.input) / per),
		output: round((outputTokens * prices.output) / per),
		total: 0,
		tier,
		pricesFrom,
	};
	for (const [tokens, price, part] of [
		[cacheReadInputTokens, prices.cacheRead, 'cacheRead'],
		[cacheWriteInputTokens, prices.cacheWrite, 'cacheWrite'],
	] as const) {
		if (tokens <= 0) continue;
		if (price === undefined) {
			return {
				costNote: `No ${part} price for ${call.modelId} (${tier}) while the call ${part === 'cacheRead' ? 'read' : 'wrote'} ${tokens} cached tokens; add it in Prices (JSON)`,
			};
		}
		cost[part] = round((tokens * price) / per);
	}
	cost.total = round(cost.input + cost.output + (cost.cacheRead ?? 0) + (cost.cacheWrite ?? 0));
	return { cost };
}
