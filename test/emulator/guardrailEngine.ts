/**
 * Applies one guardrail version to the text blocks of an ApplyGuardrail request, the way
 * Bedrock answers: the action, the outputs (the blocked message, or the text with PII masked as
 * `{EMAIL}`), one assessment with the policies that detected something, and the usage in text
 * units (1,000 characters each, per configured policy).
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html
 */
import type { CatalogGuardrail, GuardrailPolicies, PiiType } from './guardrailCatalog';
import { findPhrase, piiEntities, wordsOf } from './guardrailScan';

type Json = Record<string, unknown>;

/** One content block to check (`text`, with its qualifiers) or an image (counted only). */
export type GuardedBlock = { text: string; qualifiers: string[] } | { image: true };

export interface GuardrailAnswer {
	action: 'NONE' | 'GUARDRAIL_INTERVENED';
	outputs: Array<{ text: string }>;
	assessments: Json[];
	usage: Record<string, number>;
}

/** Blocks the policies look at: text not marked as grounding source or query. */
const isGuarded = (block: GuardedBlock): block is { text: string; qualifiers: string[] } =>
	'text' in block &&
	!block.qualifiers.includes('grounding_source') &&
	!block.qualifiers.includes('query');

interface Findings {
	topics: Json[];
	filters: Json[];
	words: Json[];
	pii: Json[];
	blocked: boolean;
	masked: string[];
}

function assess(texts: string[], policies: GuardrailPolicies): Findings {
	const piiAction = new Map(policies.pii.map((p) => [p.type, p.action]));
	const piiTypes = new Set<PiiType>(piiAction.keys());
	const found: Findings = {
		topics: [],
		filters: [],
		words: [],
		pii: [],
		blocked: false,
		masked: [],
	};
	const seenTopics = new Set<string>();
	const seenFilters = new Set<string>();
	for (const text of texts) {
		const words = wordsOf(text);
		const has = (phrases: string[]) => phrases.some((p) => findPhrase(words, text, p));
		for (const topic of policies.topics) {
			if (!seenTopics.has(topic.name) && has(topic.keywords)) {
				seenTopics.add(topic.name);
				found.topics.push({ name: topic.name, type: 'DENY', action: 'BLOCKED', detected: true });
			}
		}
		for (const filter of policies.contentFilters) {
			if (!seenFilters.has(filter.type) && has(filter.keywords)) {
				seenFilters.add(filter.type);
				found.filters.push({
					type: filter.type,
					confidence: 'HIGH',
					filterStrength: filter.strength,
					action: 'BLOCKED',
					detected: true,
				});
			}
		}
		for (const word of policies.words) {
			const hit = findPhrase(words, text, word);
			if (hit) found.words.push({ match: hit.match, action: 'BLOCKED', detected: true });
		}
		let masked = '';
		let from = 0;
		for (const entity of piiEntities(text, piiTypes)) {
			const action = piiAction.get(entity.type)!;
			found.pii.push({ match: entity.match, type: entity.type, action, detected: true });
			masked += `${text.slice(from, entity.start)}{${entity.type}}`;
			from = entity.end;
		}
		found.masked.push(masked + text.slice(from));
	}
	found.blocked =
		found.topics.length > 0 ||
		found.filters.length > 0 ||
		found.words.length > 0 ||
		found.pii.some((p) => p.action === 'BLOCKED');
	return found;
}

function usage(characters: number, images: number, policies: GuardrailPolicies) {
	const units = Math.ceil(characters / 1000);
	const when = (configured: boolean) => (configured ? units : 0);
	return {
		topicPolicyUnits: when(policies.topics.length > 0),
		contentPolicyUnits: when(policies.contentFilters.length > 0),
		wordPolicyUnits: when(policies.words.length > 0),
		sensitiveInformationPolicyUnits: when(policies.pii.length > 0),
		sensitiveInformationPolicyFreeUnits: 0,
		contextualGroundingPolicyUnits: 0,
		contentPolicyImageUnits: policies.contentFilters.length > 0 ? images : 0,
	};
}

/** The answer of one guardrail version to the blocks of a request. */
export function applyGuardrail(
	guardrail: CatalogGuardrail,
	policies: GuardrailPolicies,
	source: 'INPUT' | 'OUTPUT',
	blocks: GuardedBlock[],
): GuardrailAnswer {
	const texts = blocks.filter(isGuarded).map((b) => b.text);
	const images = blocks.filter((b) => 'image' in b).length;
	const characters = texts.reduce((n, t) => n + t.length, 0);
	const found = assess(texts, policies);
	const assessment: Json = {};
	if (found.topics.length) assessment.topicPolicy = { topics: found.topics };
	if (found.filters.length) assessment.contentPolicy = { filters: found.filters };
	if (found.words.length)
		assessment.wordPolicy = { customWords: found.words, managedWordLists: [] };
	if (found.pii.length) {
		assessment.sensitiveInformationPolicy = { piiEntities: found.pii, regexes: [] };
	}
	const intervened = found.blocked || found.pii.length > 0;
	const blockedMessage =
		source === 'INPUT' ? guardrail.blockedInputMessaging : guardrail.blockedOutputsMessaging;
	return {
		action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
		outputs: !intervened
			? []
			: found.blocked
				? [{ text: blockedMessage }]
				: found.masked.map((text) => ({ text })),
		assessments: [assessment],
		usage: usage(characters, images, policies),
	};
}
