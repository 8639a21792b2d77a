/**
 * Amazon Bedrock control plane (REST-JSON, signing name `bedrock`): foundation models and
 * inference profiles.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
 */
import { checkAllowed } from './access';
import {
	FOUNDATION_MODELS,
	foundationModelArn,
	inferenceProfiles,
	modelSummary,
	partitionOf,
} from './catalog';
import type { HandlerContext } from './context';
import { ApiError, jsonResult, type Reply } from './protocol';

const enumError = (field: string, value: string, allowed: string[]) =>
	new ApiError(
		400,
		'ValidationException',
		`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ` +
			`Member must satisfy enum value set: [${allowed.join(', ')}]`,
	);

const checkEnum = (field: string, value: string | undefined, allowed: string[]): void => {
	if (value !== undefined && !allowed.includes(value)) throw enumError(field, value, allowed);
};

/** `GET /foundation-models` */
export function listFoundationModels(ctx: HandlerContext): Reply {
	const region = ctx.region!;
	checkAllowed(ctx, 'bedrock:ListFoundationModels', '*');
	const { byProvider, byOutputModality, byInferenceType, byCustomizationType } = ctx.query;
	checkEnum('byOutputModality', byOutputModality, ['TEXT', 'IMAGE', 'EMBEDDING']);
	checkEnum('byInferenceType', byInferenceType, ['ON_DEMAND', 'PROVISIONED']);
	checkEnum('byCustomizationType', byCustomizationType, [
		'FINE_TUNING',
		'CONTINUED_PRE_TRAINING',
		'DISTILLATION',
	]);
	const models = FOUNDATION_MODELS.filter(
		(m) =>
			(byProvider === undefined || m.providerName.toLowerCase() === byProvider.toLowerCase()) &&
			(byOutputModality === undefined || m.outputModalities.includes(byOutputModality)) &&
			(byInferenceType === undefined || m.inferenceTypesSupported.includes(byInferenceType)) &&
			(byCustomizationType === undefined ||
				m.customizationsSupported.includes(byCustomizationType)),
	);
	return jsonResult({ modelSummaries: models.map((m) => modelSummary(region, m)) });
}

/** `GET /foundation-models/{modelIdentifier}` */
export function getFoundationModel(ctx: HandlerContext): Reply {
	const region = ctx.region!;
	const identifier = ctx.params.modelIdentifier;
	const model = FOUNDATION_MODELS.find(
		(m) => m.modelId === identifier || foundationModelArn(region, m.modelId) === identifier,
	);
	checkAllowed(
		ctx,
		'bedrock:GetFoundationModel',
		model ? foundationModelArn(region, model.modelId) : identifier,
	);
	if (!model) {
		throw new ApiError(
			404,
			'ResourceNotFoundException',
			'Could not resolve the foundation model from the provided model identifier.',
		);
	}
	return jsonResult({ modelDetails: modelSummary(region, model) });
}

const encodeToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
const decodeToken = (token: string): number | undefined => {
	const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
	return m ? Number(m[1]) : undefined;
};

/** `GET /inference-profiles?type=…&maxResults=…&nextToken=…` */
export function listInferenceProfiles(ctx: HandlerContext): Reply {
	const region = ctx.region!;
	const account = ctx.caller!.account;
	checkAllowed(
		ctx,
		'bedrock:ListInferenceProfiles',
		`arn:${partitionOf(region)}:bedrock:${region}:${account}:inference-profile/*`,
	);
	const { type, maxResults, nextToken } = ctx.query;
	checkEnum('typeEquals', type, ['SYSTEM_DEFINED', 'APPLICATION']);
	let limit = 1000;
	if (maxResults !== undefined) {
		limit = Number(maxResults);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
			throw new ApiError(
				400,
				'ValidationException',
				`1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: ` +
					'Member must have value ' +
					(limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'),
			);
		}
	}
	let offset = 0;
	if (nextToken !== undefined) {
		const decoded = decodeToken(nextToken);
		if (decoded === undefined) {
			throw new ApiError(400, 'ValidationException', 'The provided nextToken is not valid.');
		}
		offset = decoded;
	}
	const all = inferenceProfiles(region, account).filter(
		(p) => type === undefined || p.type === type,
	);
	const page = all.slice(offset, offset + limit);
	const next = offset + limit < all.length ? encodeToken(offset + limit) : undefined;
	return jsonResult({ inferenceProfileSummaries: page, nextToken: next });
}

/** `GET /inference-profiles/{inferenceProfileIdentifier}` */
export function getInferenceProfile(ctx: HandlerContext): Reply {
	const region = ctx.region!;
	const account = ctx.caller!.account;
	const identifier = ctx.params.inferenceProfileIdentifier;
	const profile = inferenceProfiles(region, account).find(
		(p) => p.inferenceProfileId === identifier || p.inferenceProfileArn === identifier,
	);
	checkAllowed(ctx, 'bedrock:GetInferenceProfile', profile?.inferenceProfileArn ?? identifier);
	if (!profile) {
		throw new ApiError(404, 'ResourceNotFoundException', 'Inference profile not found.');
	}
	return jsonResult(profile);
}
