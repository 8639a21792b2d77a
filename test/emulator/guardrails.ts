/**
 * Guardrails: ListGuardrails and GetGuardrail on the Bedrock control plane (`GET /guardrails`,
 * `GET /guardrails/{guardrailIdentifier}`), ApplyGuardrail on Bedrock Runtime
 * (`POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`), over
 * {@link GUARDRAILS} and the engine of guardrailEngine.ts.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html
 */
import { checkAllowed } from './access';
import { partitionOf } from './catalog';
import type { HandlerContext } from './context';
import {
	findGuardrail,
	guardrailArn,
	GUARDRAILS,
	type CatalogGuardrail,
	type GuardrailVersion,
} from './guardrailCatalog';
import { applyGuardrail as apply, type GuardedBlock } from './guardrailEngine';
import { paginate } from './pagination';
import { ApiError, jsonResult, type Reply } from './protocol';

type Json = Record<string, unknown>;

const MAX_IDENTIFIER = 2048;
const IDENTIFIER =
	/^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/;
const VERSION = /^(?:[1-9][0-9]{0,7}|DRAFT)$/;
const QUALIFIERS = new Set(['grounding_source', 'query', 'guard_content']);

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

function checkIdentifier(value: string | undefined): string {
	const id = value ?? '';
	if (id.length > MAX_IDENTIFIER || !IDENTIFIER.test(id)) {
		throw validation(
			`1 validation error detected: Value '${id.slice(0, 100)}' at 'guardrailIdentifier' failed to satisfy constraint: ` +
				'Member must satisfy regular expression pattern: (([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))',
		);
	}
	return id;
}

function checkVersion(value: string | undefined, field: string): string {
	const version = value ?? '';
	if (version.length > 8 || !VERSION.test(version)) {
		throw validation(
			`1 validation error detected: Value '${version.slice(0, 100)}' at '${field}' failed to satisfy constraint: ` +
				'Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))',
		);
	}
	return version;
}

/** The guardrail and version a request names, in the caller's region and account. */
function resolve(
	ctx: HandlerContext,
	identifier: string,
	version: string,
): { guardrail: CatalogGuardrail; version: GuardrailVersion } {
	const region = ctx.region!;
	const arnRegion = identifier.startsWith('arn:') ? identifier.split(':')[3] : region;
	const guardrail = arnRegion === region ? findGuardrail(identifier) : undefined;
	const found = guardrail?.versions.find((v) => v.version === version);
	if (!guardrail || !found) {
		throw new ApiError(
			404,
			'ResourceNotFoundException',
			'The guardrail identifier or version provided does not exist in this account and region.',
		);
	}
	return { guardrail, version: found };
}

const arnOf = (ctx: HandlerContext, id: string) =>
	guardrailArn(partitionOf(ctx.region!), ctx.region!, ctx.caller!.account, id);

function summary(ctx: HandlerContext, g: CatalogGuardrail, v: GuardrailVersion): Json {
	return {
		id: g.id,
		arn: arnOf(ctx, g.id),
		status: 'READY',
		name: g.name,
		description: v.description,
		version: v.version,
		createdAt: v.createdAt,
		updatedAt: v.createdAt,
	};
}

/** `GET /guardrails`: the drafts of all guardrails, or every version of one. */
export function listGuardrails(ctx: HandlerContext): Reply {
	checkAllowed(ctx, 'bedrock:ListGuardrails', '*');
	const { guardrailIdentifier, maxResults, nextToken } = ctx.query;
	let entries: Json[];
	if (guardrailIdentifier !== undefined) {
		const guardrail = findGuardrail(checkIdentifier(guardrailIdentifier));
		if (!guardrail) {
			throw new ApiError(404, 'ResourceNotFoundException', 'The guardrail was not found.');
		}
		entries = guardrail.versions.map((v) => summary(ctx, guardrail, v));
	} else {
		entries = GUARDRAILS.map((g) => summary(ctx, g, g.versions[0]));
	}
	const page = paginate(entries, maxResults, nextToken, 1000);
	return jsonResult({ guardrails: page.page, nextToken: page.nextToken });
}

/** `GET /guardrails/{guardrailIdentifier}?guardrailVersion=` (default DRAFT). */
export function getGuardrail(ctx: HandlerContext): Reply {
	const identifier = checkIdentifier(ctx.params.guardrailIdentifier);
	const requested = checkVersion(ctx.query.guardrailVersion ?? 'DRAFT', 'guardrailVersion');
	const { guardrail, version } = resolve(ctx, identifier, requested);
	checkAllowed(ctx, 'bedrock:GetGuardrail', arnOf(ctx, guardrail.id));
	const p = version.policies;
	return jsonResult({
		name: guardrail.name,
		guardrailId: guardrail.id,
		guardrailArn: arnOf(ctx, guardrail.id),
		version: version.version,
		status: 'READY',
		description: version.description,
		createdAt: version.createdAt,
		updatedAt: version.createdAt,
		blockedInputMessaging: guardrail.blockedInputMessaging,
		blockedOutputsMessaging: guardrail.blockedOutputsMessaging,
		topicPolicy: {
			topics: p.topics.map((t) => ({ name: t.name, definition: t.definition, type: 'DENY' })),
		},
		contentPolicy: {
			filters: p.contentFilters.map((f) => ({
				type: f.type,
				inputStrength: f.strength,
				outputStrength: f.type === 'PROMPT_ATTACK' ? 'NONE' : f.strength,
			})),
		},
		wordPolicy: { words: p.words.map((text) => ({ text })), managedWordLists: [] },
		sensitiveInformationPolicy: {
			piiEntities: p.pii.map((e) => ({ type: e.type, action: e.action })),
			regexes: [],
		},
	});
}

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** The content blocks of a request: text with known qualifiers, or png/jpeg images as base64. */
function readBlocks(content: unknown): GuardedBlock[] {
	if (!Array.isArray(content) || content.length === 0) {
		throw validation('The content field must contain at least one content block.');
	}
	return content.map((block): GuardedBlock => {
		const keys = isObject(block) ? Object.keys(block) : [];
		if (!isObject(block) || keys.length !== 1) {
			throw validation('Each content block must contain exactly one of text or image.');
		}
		if (isObject(block.text)) {
			const { text, qualifiers = [] } = block.text;
			if (typeof text !== 'string') throw validation('A text block needs a text string.');
			if (!Array.isArray(qualifiers) || !qualifiers.every((q) => QUALIFIERS.has(q as string))) {
				throw validation(
					"Qualifiers must be one of 'grounding_source', 'query' or 'guard_content'.",
				);
			}
			return { text, qualifiers: qualifiers as string[] };
		}
		if (isObject(block.image)) {
			const { format, source } = block.image;
			if (format !== 'png' && format !== 'jpeg') {
				throw validation("The image format must be 'png' or 'jpeg'.");
			}
			if (!isObject(source) || typeof source.bytes !== 'string' || source.bytes.length === 0) {
				throw validation('An image block needs its bytes.');
			}
			return { image: true };
		}
		throw validation('Each content block must contain exactly one of text or image.');
	});
}

/** `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply` */
export function applyGuardrail(ctx: HandlerContext): Reply {
	const identifier = checkIdentifier(ctx.params.guardrailIdentifier);
	const requested = checkVersion(ctx.params.guardrailVersion, 'guardrailVersion');
	const body = isObject(ctx.body) ? ctx.body : {};
	if (body.source !== 'INPUT' && body.source !== 'OUTPUT') {
		throw validation("The source must be 'INPUT' or 'OUTPUT'.");
	}
	if (
		body.outputScope !== undefined &&
		body.outputScope !== 'INTERVENTIONS' &&
		body.outputScope !== 'FULL'
	) {
		throw validation("The outputScope must be 'INTERVENTIONS' or 'FULL'.");
	}
	const blocks = readBlocks(body.content);
	const { guardrail, version } = resolve(ctx, identifier, requested);
	checkAllowed(ctx, 'bedrock:ApplyGuardrail', arnOf(ctx, guardrail.id));
	return jsonResult(apply(guardrail, version.policies, body.source, blocks));
}
