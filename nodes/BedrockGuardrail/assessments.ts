/**
 * What ApplyGuardrail answered, as one flat list a workflow can filter: one entry per thing a
 * policy found, naming the policy, what it found and what the guardrail did with it.
 */
import type { ApplyGuardrailResponse, GuardrailAssessment } from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

/** One finding of one policy. Fields a policy does not report are left out. */
export interface Finding extends IDataObject {
	/** topic, contentFilter, word, managedWord, pii, regex, contextualGrounding, automatedReasoning */
	policy: string;
	/** BLOCKED, ANONYMIZED or NONE (detected only) */
	action: string;
	/** The topic or regex name. */
	name?: string;
	/** The filter or entity type (INSULTS, EMAIL…). */
	type?: string;
	/** The words the guardrail matched (for PII: the personal data it masked or blocked). */
	match?: string;
	confidence?: string;
	strength?: string;
	score?: number;
	threshold?: number;
	detected?: boolean;
}

const defined = (entry: Record<string, unknown>): Finding =>
	Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as Finding;

function findingsOf(a: GuardrailAssessment): Finding[] {
	const list: Array<Record<string, unknown>> = [];
	for (const t of a.topicPolicy?.topics ?? []) {
		list.push({
			policy: 'topic',
			name: t.name,
			type: t.type,
			action: t.action,
			detected: t.detected,
		});
	}
	for (const f of a.contentPolicy?.filters ?? []) {
		list.push({
			policy: 'contentFilter',
			type: f.type,
			confidence: f.confidence,
			strength: f.filterStrength,
			action: f.action,
			detected: f.detected,
		});
	}
	for (const w of a.wordPolicy?.customWords ?? []) {
		list.push({ policy: 'word', match: w.match, action: w.action, detected: w.detected });
	}
	for (const w of a.wordPolicy?.managedWordLists ?? []) {
		list.push({
			policy: 'managedWord',
			type: w.type,
			match: w.match,
			action: w.action,
			detected: w.detected,
		});
	}
	for (const p of a.sensitiveInformationPolicy?.piiEntities ?? []) {
		list.push({
			policy: 'pii',
			type: p.type,
			match: p.match,
			action: p.action,
			detected: p.detected,
		});
	}
	for (const r of a.sensitiveInformationPolicy?.regexes ?? []) {
		list.push({
			policy: 'regex',
			name: r.name,
			match: r.match,
			action: r.action,
			detected: r.detected,
		});
	}
	for (const g of a.contextualGroundingPolicy?.filters ?? []) {
		list.push({
			policy: 'contextualGrounding',
			type: g.type,
			score: g.score,
			threshold: g.threshold,
			action: g.action,
			detected: g.detected,
		});
	}
	for (const finding of a.automatedReasoningPolicy?.findings ?? []) {
		// One key per finding: valid, invalid, satisfiable, impossible, translationAmbiguous…
		const kind = Object.keys(finding).find((k) => k !== '$unknown');
		if (kind) list.push({ policy: 'automatedReasoning', type: kind, action: 'NONE' });
	}
	return list.map(defined);
}

/** What the guardrail did to one text, for the item and the choice of output. */
export interface GuardrailOutcome {
	findings: Finding[];
	/** Some policy blocked the text (the outputs hold the guardrail's blocked message). */
	blocked: boolean;
	/** Some personal data or regex match was masked. */
	masked: boolean;
	/** The text to use from here on: the original, the masked text or the blocked message. */
	text: string;
}

/** Policies whose `match` is the personal data itself. */
const PERSONAL_DATA = new Set(['pii', 'regex']);

/**
 * @param includeMatches - Whether findings of personal data keep the data they matched; off, a
 *   masked item carries no copy of what was masked.
 */
export function outcomeOf(
	answer: ApplyGuardrailResponse,
	original: string,
	includeMatches = false,
): GuardrailOutcome {
	const findings = (answer.assessments ?? []).flatMap(findingsOf).map((finding) => {
		if (includeMatches || !PERSONAL_DATA.has(finding.policy)) return finding;
		const withoutMatch: Finding = { ...finding };
		delete withoutMatch.match;
		return withoutMatch;
	});
	const intervened = answer.action === 'GUARDRAIL_INTERVENED';
	const outputs = (answer.outputs ?? []).map((o) => o.text ?? '');
	return {
		findings,
		blocked: intervened && findings.some((f) => f.action === 'BLOCKED'),
		masked: findings.some((f) => f.action === 'ANONYMIZED'),
		text: intervened && outputs.length > 0 ? outputs.join('\n') : original,
	};
}
