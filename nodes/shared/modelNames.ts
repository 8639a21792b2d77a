/**
 * One naming rule for models, in the picker and wherever a model is shown by name:
 * "<Provider> <Model>" as the Bedrock console writes it ("Amazon Nova Lite", "Anthropic Claude 3.5
 * Haiku"), without repeating a provider the model name already starts with ("DeepSeek-R1", not
 * "DeepSeek DeepSeek-R1"; "Mistral Large (24.02)", not "Mistral AI Mistral Large (24.02)"). A
 * bare family name (AWS calls two Claude generations just "Claude") gets its model ID, and so does
 * any name the list would otherwise show twice. Inference profiles are the model's name followed by what they
 * are: "Anthropic Claude 3.5 Haiku (US inference profile)".
 */

/** Cross-region profile ID prefixes and the geography they route within. */
const PROFILE_GEOS: Record<string, string> = {
	us: 'US',
	eu: 'EU',
	apac: 'APAC',
	jp: 'Japan',
	au: 'Australia',
	ca: 'Canada',
	'us-gov': 'US GovCloud',
	global: 'Global',
};

/** "Amazon Nova Lite" from provider "Amazon", model "Nova Lite" and its ID. */
export function modelDisplayName(
	providerName: string | undefined,
	modelName: string,
	modelId: string,
): string {
	const provider = providerName?.trim() ?? '';
	const firstWord = provider.split(/\s+/)[0]?.toLowerCase() ?? '';
	const name =
		!provider || (firstWord && modelName.toLowerCase().startsWith(firstWord))
			? modelName
			: `${provider} ${modelName}`;
	return /\s|\d/.test(modelName.trim()) ? name : `${name} (${modelId})`;
}

/** "US" for `us.anthropic…`; undefined when the ID has no cross-region prefix. */
export function profileGeo(profileId: string): string | undefined {
	const prefix = /^([a-z]+(?:-gov)?)\./.exec(profileId)?.[1];
	return prefix ? PROFILE_GEOS[prefix] : undefined;
}

/** A system-defined (cross-region) profile: "<model name> (US inference profile)". */
export function systemProfileName(modelName: string, profileId: string): string {
	const geo = profileGeo(profileId);
	return `${modelName} (${geo ? `${geo} ` : ''}inference profile)`;
}

/** An application inference profile keeps the name its owner gave it. */
export function applicationProfileName(profileName: string): string {
	return `${profileName} (application inference profile)`;
}
