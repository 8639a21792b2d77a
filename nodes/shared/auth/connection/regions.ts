import { OTHER_REGION } from '../../transport/regions';
import { CredentialValidationError } from '../errors';
import { validateRegion } from '../validate';
import { text } from './fields';

/** A region dropdown and its custom box, by display name. */
export interface RegionFields {
	dropdown: string;
	custom: string;
	/** A dropdown value that defers to another region ("Same as Bedrock Region"), if any. */
	inherit?: string;
}

export const BEDROCK_REGION_FIELDS: RegionFields = {
	dropdown: 'Bedrock Region',
	custom: 'Bedrock Custom Region',
};

export const AUTH_REGION_FIELDS: RegionFields = {
	dropdown: 'Auth Region',
	custom: 'Auth Custom Region',
	inherit: 'auto',
};

/**
 * The region a dropdown and its custom box choose; undefined when the dropdown defers (or is
 * empty). "Other" needs a typed region. Credentials saved before "Other" existed may hold a
 * custom region next to a listed one, with the box now hidden: a non-empty custom region still
 * wins there, and an invalid one is reported on the dropdown the user can see.
 */
export function chosenRegion(
	fields: RegionFields,
	dropdownValue: unknown,
	customValue: unknown,
): string | undefined {
	const dropdown = text(dropdownValue);
	const custom = text(customValue);
	if (dropdown === OTHER_REGION) {
		if (!custom) {
			throw new CredentialValidationError(
				fields.custom,
				`is empty: type a region code such as eu-central-2, or pick a region in ${fields.dropdown}`,
				'MissingField',
			);
		}
		return validateRegion(fields.custom, custom);
	}
	if (custom) {
		try {
			return validateRegion(fields.custom, custom);
		} catch {
			throw new CredentialValidationError(
				fields.dropdown,
				`this credential also holds the custom region "${custom}" (saved before the "Other (Type a Region)" choice existed), which is not a region code; choose "Other (Type a Region)" to see and correct it`,
				'InvalidRegion',
			);
		}
	}
	if (!dropdown || dropdown === fields.inherit) return undefined;
	return validateRegion(fields.dropdown, dropdown);
}
