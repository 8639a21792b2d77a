/**
 * One naming rule for models, in the picker and wherever a model is shown by name:
 * "<Provider> <Model>" as the Bedrock console writes it ("Amazon Nova Lite", "Anthropic Claude 3.5
 * Haiku"), without repeating a provider the model name already starts with ("DeepSeek-R1", not
 * "DeepSeek DeepSeek-R1"; "Mistral Large (24.02)", not "Mistral AI Mistral Large (24.02)"). A
 * bare family name (AWS calls two Claude generations just "Claude") gets the version its model ID
 * holds ("Anthropic Claude 2.1" for anthropic.claude-v2:1), or the ID itself when it holds none;
 * so does any name the list would otherwise show twice. Inference profiles are the model's name
 * followed by what they are: "Anthropic Claude 3.5 Haiku (US inference profile)".
 */

/** Longer IDs are not read for a version (a remote value: bounded before any pattern meets it). */
const MAX_ID_LENGTH = 256;
/** The version part of an ID after the family name: `v2`, `v2:1`, `2`. */
const PLAIN_VERSION = /^v?(\d{1,4})(?::(\d{1,4}))?$/;

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
	if (/\s|\d/.test(modelName.trim())) return name;
	const version = versionInId(modelName.trim(), modelId);
	return version ? `${name} ${version}` : `${name} (${modelId})`;
}

/**
 * "2.1" from `anthropic.claude-v2:1` for the model named "Claude" ("2" from `…claude-v2` or
 * `…claude-v2:0`); undefined when the ID does not continue the family name with a plain version.
 */
function versionInId(family: string, modelId: string): string | undefined {
	if (modelId.length > MAX_ID_LENGTH) return undefined;
	const id = modelId.slice(modelId.indexOf('.') + 1);
	if (!id.toLowerCase().startsWith(`${family.toLowerCase()}-`)) return undefined;
	const match = PLAIN_VERSION.exec(id.slice(family.length + 1));
	if (!match) return undefined;
	return match[2] && match[2] !== '0' ? `${match[1]}.${match[2]}` : match[1];
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
