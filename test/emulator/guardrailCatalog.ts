/**
 * The guardrails the emulator knows, each with its working draft and numbered versions, and the
 * policies the guardrail engine (guardrailEngine.ts) applies: denied topics and content filters
 * by keyword, custom words, and PII entities masked or blocked.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetGuardrail.html
 */

export type PiiType = 'EMAIL' | 'PHONE' | 'US_SOCIAL_SECURITY_NUMBER' | 'CREDIT_DEBIT_CARD_NUMBER';

export type ContentFilterType =
	| 'INSULTS'
	| 'HATE'
	| 'SEXUAL'
	| 'VIOLENCE'
	| 'MISCONDUCT'
	| 'PROMPT_ATTACK';

export interface GuardrailPolicies {
	/** Denied topics (type DENY): a topic is detected when one of its keywords occurs as words. */
	topics: Array<{ name: string; definition: string; keywords: string[] }>;
	/** Content filters: detected by keyword, with the confidence the engine reports. */
	contentFilters: Array<{
		type: ContentFilterType;
		strength: 'LOW' | 'MEDIUM' | 'HIGH';
		keywords: string[];
	}>;
	/** Custom blocked words or phrases (case-insensitive, whole words). */
	words: string[];
	/** PII entities and what the guardrail does with them. */
	pii: Array<{ type: PiiType; action: 'ANONYMIZED' | 'BLOCKED' }>;
}

export interface GuardrailVersion {
	/** `DRAFT` or `1`, `2`… */
	version: string;
	description: string;
	createdAt: string;
	policies: GuardrailPolicies;
}

export interface CatalogGuardrail {
	/** 12 lower-case letters or digits, as AWS makes them. */
	id: string;
	name: string;
	blockedInputMessaging: string;
	blockedOutputsMessaging: string;
	versions: GuardrailVersion[];
}

const SUPPORT_V1: GuardrailPolicies = {
	topics: [
		{
			name: 'Investment advice',
			definition: 'Recommendations about stocks, funds or crypto currencies.',
			keywords: ['invest', 'investing', 'stocks', 'crypto', 'bitcoin'],
		},
	],
	contentFilters: [
		{ type: 'INSULTS', strength: 'HIGH', keywords: ['idiot', 'stupid', 'moron'] },
		{
			type: 'PROMPT_ATTACK',
			strength: 'HIGH',
			keywords: ['ignore previous instructions', 'ignore all instructions'],
		},
	],
	words: ['project nightingale'],
	pii: [
		{ type: 'EMAIL', action: 'ANONYMIZED' },
		{ type: 'PHONE', action: 'ANONYMIZED' },
		{ type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCKED' },
		{ type: 'CREDIT_DEBIT_CARD_NUMBER', action: 'BLOCKED' },
	],
};

const SUPPORT_V2: GuardrailPolicies = {
	...SUPPORT_V1,
	topics: [
		...SUPPORT_V1.topics,
		{
			name: 'Legal advice',
			definition: 'Advice on lawsuits, contracts or legal claims.',
			keywords: ['lawsuit', 'sue', 'attorney'],
		},
	],
};

/** Support inbox guardrail: versions 1 and 2, and a draft that also blocks every email. */
export const SUPPORT_GUARDRAIL: CatalogGuardrail = {
	id: 'supportguard',
	name: 'support-inbox',
	blockedInputMessaging: 'Sorry, this message cannot be processed.',
	blockedOutputsMessaging: 'Sorry, the answer was withheld.',
	versions: [
		{
			version: 'DRAFT',
			description: 'Working draft: emails blocked instead of masked',
			createdAt: '2026-03-01T09:00:00Z',
			policies: {
				...SUPPORT_V2,
				pii: SUPPORT_V2.pii.map((p) => (p.type === 'EMAIL' ? { ...p, action: 'BLOCKED' } : p)),
			},
		},
		{
			version: '1',
			description: 'Investment advice, insults, prompt attacks, PII',
			createdAt: '2026-01-10T09:00:00Z',
			policies: SUPPORT_V1,
		},
		{
			version: '2',
			description: 'Version 1 and legal advice',
			createdAt: '2026-02-10T09:00:00Z',
			policies: SUPPORT_V2,
		},
	],
};

/** A guardrail that only masks PII: every message passes, with personal data replaced. */
export const MASKING_GUARDRAIL: CatalogGuardrail = {
	id: 'maskpiionly1',
	name: 'mask-personal-data',
	blockedInputMessaging: 'Blocked.',
	blockedOutputsMessaging: 'Blocked.',
	versions: [
		{
			version: 'DRAFT',
			description: 'Masks emails, phone numbers, SSNs and card numbers',
			createdAt: '2026-03-02T09:00:00Z',
			policies: {
				topics: [],
				contentFilters: [],
				words: [],
				pii: (
					['EMAIL', 'PHONE', 'US_SOCIAL_SECURITY_NUMBER', 'CREDIT_DEBIT_CARD_NUMBER'] as const
				).map((type) => ({ type, action: 'ANONYMIZED' as const })),
			},
		},
	],
};

export const GUARDRAILS: readonly CatalogGuardrail[] = [SUPPORT_GUARDRAIL, MASKING_GUARDRAIL];

/** The guardrail of an ID or ARN (`arn:…:guardrail/<id>`), if the emulator has it. */
export function findGuardrail(identifier: string): CatalogGuardrail | undefined {
	const slash = identifier.lastIndexOf('/');
	const id = identifier.startsWith('arn:') && slash > 0 ? identifier.slice(slash + 1) : identifier;
	return GUARDRAILS.find((g) => g.id === id);
}

export const guardrailArn = (partition: string, region: string, account: string, id: string) =>
	`arn:${partition}:bedrock:${region}:${account}:guardrail/${id}`;
