/**
 * Agents for Amazon Bedrock Runtime over knowledge bases (REST-JSON, signing name `bedrock`):
 * - Retrieve (`POST /knowledgebases/{knowledgeBaseId}/retrieve`): the chunks of the corpus that
 *   score best for the query (see knowledgeBaseSearch.ts), filtered by metadata;
 * - RetrieveAndGenerate (`POST /retrieveAndGenerate`): an answer made of the first sentence of
 *   each of the two best chunks, each sentence cited with its span and its chunk;
 * - RetrieveAndGenerateStream (`POST /retrieveAndGenerateStream`): the same answer as `output`
 *   events (word pieces) with a `citation` event after each sentence.
 * Sessions: the first call makes a session ID; a later call with it retrieves for its question
 * and the previous one together. An unknown session ID is refused. A guardrail intervenes when
 * the question says "confidential".
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_RetrieveAndGenerate.html
 */
import { randomUUID } from 'node:crypto';

import { checkAllowed } from './access';
import { partitionOf } from './catalog';
import type { HandlerContext } from './context';
import { wordPieces } from './converseStream';
import { streamEvent, type StreamEvent } from './eventStream';
import { knowledgeBaseArn, resultLocation, resultMetadata } from './knowledgeBaseCatalog';
import {
	GUARDRAIL_TRIGGER,
	isObject,
	readGuardrail,
	readRetrievalConfiguration,
	validation,
} from './knowledgeBaseRequest';
import { checkKnowledgeBaseId, knowledgeBaseOrThrow } from './knowledgeBases';
import { firstSentence, search, type Scored } from './knowledgeBaseSearch';
import { jsonResult, type Reply } from './protocol';
import { runtimeModel } from './runtimeModel';
import type { EmulatorState } from './state';
import { streamReply, type StreamReply } from './streaming';

type Json = Record<string, unknown>;

export const NO_ANSWER = 'Sorry, I am unable to assist you with this request.';
export const GUARDRAIL_ANSWER = 'Sorry, the model cannot answer this question.';

const bodyOf = (ctx: HandlerContext): Json => (isObject(ctx.body) ? ctx.body : {});

/** Checks the knowledge base and the caller's `bedrock:Retrieve` on it. */
function knowledgeBase(ctx: HandlerContext, id: unknown) {
	const knowledgeBaseId = checkKnowledgeBaseId(id);
	const region = ctx.region!;
	checkAllowed(
		ctx,
		'bedrock:Retrieve',
		knowledgeBaseArn(partitionOf(region), region, ctx.caller!.account, knowledgeBaseId),
	);
	return knowledgeBaseOrThrow(knowledgeBaseId);
}

const queryText = (value: unknown, field: string): string => {
	const text = isObject(value) ? value.text : undefined;
	if (typeof text !== 'string' || text.length < 1 || text.length > 20000) {
		throw validation(`${field}.text must be 1 to 20000 characters`);
	}
	return text;
};

/** A retrieved chunk as Retrieve and the citations return it. */
const reference = ({ doc }: Scored): Json => ({
	content: { type: 'TEXT', text: doc.text },
	location: resultLocation(doc),
	metadata: resultMetadata(doc),
});

/** `POST /knowledgebases/{knowledgeBaseId}/retrieve` */
export function retrieve(ctx: HandlerContext): Reply {
	const kb = knowledgeBase(ctx, ctx.params.knowledgeBaseId);
	const body = bodyOf(ctx);
	const text = queryText(body.retrievalQuery, 'retrievalQuery');
	const options = readRetrievalConfiguration(
		body.retrievalConfiguration,
		kb.knowledgeBaseId,
		ctx.region!,
	);
	if (options.rerank) checkAllowed(ctx, 'bedrock:Rerank', '*');
	const guardrail = readGuardrail(body.guardrailConfiguration);
	if (guardrail && GUARDRAIL_TRIGGER.test(text)) {
		return jsonResult({ retrievalResults: [], guardrailAction: 'INTERVENED' });
	}
	return jsonResult({
		retrievalResults: search(text, options).map((scored) => ({
			...reference(scored),
			score: scored.score,
		})),
		...(guardrail ? { guardrailAction: 'NONE' } : {}),
	});
}

/** The questions asked in each session, per emulator. */
const sessions = new WeakMap<EmulatorState, Map<string, string[]>>();

/** One generated answer: its text, citations, session and guardrail outcome. */
interface Generated {
	sessionId: string;
	sentences: Array<{ text: string; start: number; cited: Scored }>;
	text: string;
	guardrailAction?: 'INTERVENED' | 'NONE';
}

function generate(ctx: HandlerContext): Generated {
	const body = bodyOf(ctx);
	const question = queryText(body.input, 'input');
	const config = body.retrieveAndGenerateConfiguration;
	if (!isObject(config) || config.type !== 'KNOWLEDGE_BASE') {
		throw validation('retrieveAndGenerateConfiguration.type must be KNOWLEDGE_BASE');
	}
	const kbConfig = isObject(config.knowledgeBaseConfiguration)
		? config.knowledgeBaseConfiguration
		: {};
	checkAllowed(ctx, 'bedrock:RetrieveAndGenerate', '*');
	const kb = knowledgeBase(ctx, kbConfig.knowledgeBaseId);
	if (typeof kbConfig.modelArn !== 'string') throw validation('modelArn is required');
	runtimeModel({ ...ctx, params: { modelId: kbConfig.modelArn } }, 'bedrock:InvokeModel');
	const options = readRetrievalConfiguration(
		kbConfig.retrievalConfiguration,
		kb.knowledgeBaseId,
		ctx.region!,
	);
	const generation = isObject(kbConfig.generationConfiguration)
		? kbConfig.generationConfiguration
		: {};
	const template = isObject(generation.promptTemplate)
		? generation.promptTemplate.textPromptTemplate
		: undefined;
	if (
		template !== undefined &&
		(typeof template !== 'string' || !template.includes('$search_results$'))
	) {
		throw validation('The prompt template must contain the $search_results$ variable.');
	}
	const guardrail = readGuardrail(generation.guardrailConfiguration);

	const known = sessions.get(ctx.state) ?? new Map<string, string[]>();
	sessions.set(ctx.state, known);
	let sessionId: string;
	if (body.sessionId !== undefined) {
		sessionId = String(body.sessionId);
		if (typeof body.sessionId !== 'string' || !known.has(sessionId)) {
			throw validation(
				`Session with Id ${String(sessionId)} is not valid. Please check and try again.`,
			);
		}
	} else {
		sessionId = randomUUID();
		known.set(sessionId, []);
	}
	const history = known.get(sessionId)!;
	const retrievalText = [history[history.length - 1], question].filter(Boolean).join(' ');
	history.push(question);

	if (guardrail && GUARDRAIL_TRIGGER.test(question)) {
		return { sessionId, sentences: [], text: GUARDRAIL_ANSWER, guardrailAction: 'INTERVENED' };
	}
	const sentences: Generated['sentences'] = [];
	let text = '';
	for (const cited of search(retrievalText, options).slice(0, 2)) {
		const sentence = firstSentence(cited.doc.text);
		if (text) text += ' ';
		sentences.push({ text: sentence, start: text.length, cited });
		text += sentence;
	}
	return {
		sessionId,
		sentences,
		text: text || NO_ANSWER,
		...(guardrail ? { guardrailAction: 'NONE' as const } : {}),
	};
}

/** A citation of one sentence: its span in the answer (end inclusive) and its chunk. */
const citation = (s: Generated['sentences'][number]): Json => ({
	generatedResponsePart: {
		textResponsePart: { text: s.text, span: { start: s.start, end: s.start + s.text.length - 1 } },
	},
	retrievedReferences: [reference(s.cited)],
});

/** `POST /retrieveAndGenerate` */
export function retrieveAndGenerate(ctx: HandlerContext): Reply {
	const answer = generate(ctx);
	return jsonResult({
		sessionId: answer.sessionId,
		output: { text: answer.text },
		citations: answer.sentences.map(citation),
		...(answer.guardrailAction ? { guardrailAction: answer.guardrailAction } : {}),
	});
}

/** `POST /retrieveAndGenerateStream` */
export function retrieveAndGenerateStream(ctx: HandlerContext): StreamReply {
	const answer = generate(ctx);
	const events: StreamEvent[] = [];
	const output = (text: string) =>
		wordPieces(text).forEach((piece) => events.push(streamEvent('output', { text: piece })));
	if (answer.sentences.length === 0) output(answer.text);
	answer.sentences.forEach((s, i) => {
		output(i === 0 ? s.text : ` ${s.text}`);
		events.push(streamEvent('citation', citation(s)));
	});
	if (answer.guardrailAction) {
		events.push(streamEvent('guardrail', { action: answer.guardrailAction }));
	}
	return streamReply(events, 'internalServerException', {
		'x-amzn-bedrock-knowledge-base-session-id': answer.sessionId,
	});
}
