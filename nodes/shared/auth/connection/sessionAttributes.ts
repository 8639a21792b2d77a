/**
 * What an Assume Role credential asks CloudTrail to record about its sessions: a Source Identity
 * (a fixed value, or the n8n project the workflow belongs to) and session tags. Each distinct
 * value is a session of its own: the values are part of the credential data the cache key is
 * a hash of (the project's ID too, which `withProject` adds before the key is made).
 *
 * AWS's limits (STS AssumeRole API reference): a source identity of 2 to 64 characters of
 * letters, digits and `_+=,.@-`; at most 50 tags, keys of 1 to 128 and values of 0 to 256
 * characters of letters, digits, spaces and `_.:/=+-@`, no key twice whatever its case.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CredentialValidationError } from '../errors';
import { text } from './fields';

/** Where the project's ID is put into the credential data for one execution. */
export const PROJECT_FIELD = 'n8nProjectId';
/** A project's source identity: `n8n-project-<project ID>`. */
export const PROJECT_PREFIX = 'n8n-project-';

const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
/** Applied to strings of at most 256 characters only. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+@-]*$/u;
const MAX_TAGS = 50;
/** The longest Session Tags (JSON) read: 50 tags at their longest fit. */
const MAX_TAGS_JSON = 25_000;

export interface SessionAttributes {
	sourceIdentity?: string;
	tags?: Array<{ Key: string; Value: string }>;
}

/**
 * The credential data of one execution: with Source Identity "n8n Project", the project's ID
 * added (so the cache key differs per project). Other data is returned as it is.
 */
export function withProject(
	data: ICredentialDataDecryptedObject,
	projectId: unknown,
): ICredentialDataDecryptedObject {
	if (text(data.sourceIdentityMode) !== 'project') return data;
	return typeof projectId === 'string' && projectId
		? { ...data, [PROJECT_FIELD]: projectId }
		: data;
}

function sourceIdentity(data: ICredentialDataDecryptedObject): string | undefined {
	const mode = text(data.sourceIdentityMode) || 'none';
	if (mode === 'none') return undefined;
	if (mode === 'project') {
		const projectId = text(data[PROJECT_FIELD]);
		if (!projectId) {
			throw new CredentialValidationError(
				'Source Identity',
				'the n8n project is known only while a workflow runs (the Test button has none): press Test with Fixed Value, or run a workflow',
				'NoProject',
			);
		}
		return checkedIdentity(`${PROJECT_PREFIX}${projectId}`, 'the project ID');
	}
	return checkedIdentity(text(data.sourceIdentity), 'Source Identity Value');
}

function checkedIdentity(value: string, what: string): string {
	if (value.length > 64 || !SOURCE_IDENTITY.test(value)) {
		throw new CredentialValidationError(
			'Source Identity',
			`${what} must make 2 to 64 characters of letters, digits and _+=,.@- (no spaces)`,
			'InvalidSourceIdentity',
		);
	}
	return value;
}

function sessionTags(data: ICredentialDataDecryptedObject): SessionAttributes['tags'] {
	const raw = data.sessionTags;
	if (raw === undefined || raw === '' || raw === '{}') return undefined;
	const refuse = (problem: string) =>
		new CredentialValidationError('Session Tags', problem, 'InvalidSessionTags');
	if (typeof raw === 'string' && raw.length > MAX_TAGS_JSON) {
		throw refuse(`are ${raw.length} characters long, at most ${MAX_TAGS_JSON}`);
	}
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			value = undefined;
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw refuse('must be a JSON object of tag keys and values, e.g. {"team": "finance"}');
	}
	const entries = Object.entries(value);
	if (entries.length > MAX_TAGS) throw refuse(`are ${entries.length}, at most ${MAX_TAGS}`);
	const seen = new Set<string>();
	return entries.map(([key, v]) => {
		const shown = key.slice(0, 40);
		if (typeof v !== 'string') throw refuse(`the value of "${shown}" must be text`);
		if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
			throw refuse(`the key "${shown}" must be 1 to 128 letters, digits, spaces or _.:/=+-@`);
		}
		if (v.length > 256 || !TAG_TEXT.test(v)) {
			throw refuse(`the value of "${shown}" must be up to 256 letters, digits, spaces or _.:/=+-@`);
		}
		if (seen.has(key.toLowerCase())) {
			throw refuse(`the key "${shown}" is there twice (tag keys ignore case)`);
		}
		seen.add(key.toLowerCase());
		return { Key: key, Value: v };
	});
}

/** The Source Identity and session tags of the credential, checked before any call. */
export function readSessionAttributes(data: ICredentialDataDecryptedObject): SessionAttributes {
	return { sourceIdentity: sourceIdentity(data), tags: sessionTags(data) };
}
