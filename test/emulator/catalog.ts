/**
 * The Bedrock model catalog (data/catalog.json) seen from one region: foundation model summaries,
 * system-defined (cross-region) and application inference profiles, and model ID resolution.
 */
import catalog from './data/catalog.json';

export interface CatalogModel {
	modelId: string;
	modelName: string;
	providerName: string;
	inputModalities: string[];
	outputModalities: string[];
	responseStreamingSupported: boolean;
	customizationsSupported: string[];
	inferenceTypesSupported: string[];
	lifecycleStatus: string;
	/** Geographies (`us`, `eu`, `apac`) with a system-defined inference profile for the model. */
	profileGeos: string[];
}

interface Geo {
	label: string;
	regions: string[];
}

const GEOS: Record<string, Geo> = catalog.geos;
export const FOUNDATION_MODELS: CatalogModel[] = catalog.foundationModels;
const TIMESTAMP = catalog.profileTimestamp;

/** Foundation model ARN: `arn:aws:bedrock:<region>::foundation-model/<id>`. */
export const foundationModelArn = (region: string, modelId: string): string =>
	`arn:${partitionOf(region)}:bedrock:${region}::foundation-model/${modelId}`;

export const partitionOf = (region: string): string =>
	region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/** The geography whose cross-region profiles a region sees, if any. */
export function geoOf(region: string): string | undefined {
	if (region.startsWith('us-gov-')) return undefined;
	if (region.startsWith('us-')) return 'us';
	if (region.startsWith('eu-')) return 'eu';
	if (region.startsWith('ap-')) return 'apac';
	return undefined;
}

/** As AWS names profiles: "Anthropic Claude 3.5 Haiku", but "DeepSeek-R1" (no doubled vendor). */
const vendorModelName = (m: CatalogModel): string =>
	m.modelName.startsWith(m.providerName) ? m.modelName : `${m.providerName} ${m.modelName}`;

/** A foundation model as ListFoundationModels / GetFoundationModel return it. */
export const modelSummary = (region: string, m: CatalogModel) => ({
	modelArn: foundationModelArn(region, m.modelId),
	modelId: m.modelId,
	modelName: m.modelName,
	providerName: m.providerName,
	inputModalities: m.inputModalities,
	outputModalities: m.outputModalities,
	responseStreamingSupported: m.responseStreamingSupported,
	customizationsSupported: m.customizationsSupported,
	inferenceTypesSupported: m.inferenceTypesSupported,
	modelLifecycle: { status: m.lifecycleStatus },
});

/** An inference profile as ListInferenceProfiles / GetInferenceProfile return it. */
export interface InferenceProfile {
	inferenceProfileName: string;
	description: string;
	createdAt: string;
	updatedAt: string;
	inferenceProfileArn: string;
	models: { modelArn: string }[];
	inferenceProfileId: string;
	status: 'ACTIVE';
	type: 'SYSTEM_DEFINED' | 'APPLICATION';
}

/** Every inference profile visible in a region: system-defined first, then application ones. */
export function inferenceProfiles(region: string, accountId: string): InferenceProfile[] {
	const partition = partitionOf(region);
	const out: InferenceProfile[] = [];
	const geo = geoOf(region);
	if (geo) {
		const { label, regions } = GEOS[geo];
		for (const m of FOUNDATION_MODELS.filter((fm) => fm.profileGeos.includes(geo))) {
			const id = `${geo}.${m.modelId}`;
			out.push({
				inferenceProfileName: `${label} ${vendorModelName(m)}`,
				description: `Routes requests to ${m.providerName} ${m.modelName} in ${regions.join(', ')}.`,
				createdAt: TIMESTAMP,
				updatedAt: TIMESTAMP,
				inferenceProfileArn: `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${id}`,
				models: regions.map((r) => ({ modelArn: foundationModelArn(r, m.modelId) })),
				inferenceProfileId: id,
				status: 'ACTIVE',
				type: 'SYSTEM_DEFINED',
			});
		}
	}
	for (const app of catalog.applicationProfiles) {
		out.push({
			inferenceProfileName: app.name,
			description: app.description,
			createdAt: TIMESTAMP,
			updatedAt: TIMESTAMP,
			inferenceProfileArn: `arn:${partition}:bedrock:${region}:${accountId}:application-inference-profile/${app.id}`,
			models: [{ modelArn: foundationModelArn(region, app.modelId) }],
			inferenceProfileId: app.id,
			status: 'ACTIVE',
			type: 'APPLICATION',
		});
	}
	return out;
}

/** What a model identifier in a Bedrock Runtime path stands for. */
export type ResolvedModel =
	| {
			ok: true;
			kind: 'foundation-model' | 'inference-profile';
			model: CatalogModel;
			/** ARN IAM would evaluate (`bedrock:InvokeModel` resource). */
			resourceArn: string;
	  }
	| { ok: false; problem: 'invalid' | 'not-found' };

/**
 * Resolves a model ID, a foundation model ARN, an inference profile ID or ARN, or an application
 * inference profile ARN, as seen from `region`.
 */
export function resolveModel(identifier: string, region: string, accountId: string): ResolvedModel {
	const byId = (id: string) => FOUNDATION_MODELS.find((m) => m.modelId === id);
	if (identifier.startsWith('arn:')) {
		const fm = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+)::foundation-model\/(.+)$/.exec(identifier);
		if (fm) {
			const model = fm[1] === region ? byId(fm[2]) : undefined;
			return model
				? { ok: true, kind: 'foundation-model', model, resourceArn: identifier }
				: { ok: false, problem: 'not-found' };
		}
		const profile = inferenceProfiles(region, accountId).find(
			(p) => p.inferenceProfileArn === identifier,
		);
		if (profile) return profileModel(profile, byId);
		return /^arn:aws[a-z-]*:bedrock:/.test(identifier)
			? { ok: false, problem: 'not-found' }
			: { ok: false, problem: 'invalid' };
	}
	const profile = inferenceProfiles(region, accountId).find(
		(p) => p.type === 'SYSTEM_DEFINED' && p.inferenceProfileId === identifier,
	);
	if (profile) return profileModel(profile, byId);
	const model = byId(identifier);
	if (model) {
		return {
			ok: true,
			kind: 'foundation-model',
			model,
			resourceArn: foundationModelArn(region, model.modelId),
		};
	}
	return { ok: false, problem: 'invalid' };
}

function profileModel(
	profile: InferenceProfile,
	byId: (id: string) => CatalogModel | undefined,
): ResolvedModel {
	const modelId = profile.models[0].modelArn.split('/').pop() ?? '';
	const model = byId(modelId);
	return model
		? { ok: true, kind: 'inference-profile', model, resourceArn: profile.inferenceProfileArn }
		: { ok: false, problem: 'not-found' };
}
