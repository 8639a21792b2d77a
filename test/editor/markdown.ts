/**
 * Just enough of Markdown to check the documentation's links: the headings a page offers as
 * anchors (GitHub's slugs) and the links it makes, both outside code. The pages are ours, but
 * every pattern here is still linear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/paths';

export const DOCS_DIR = join(REPO_ROOT, 'docs');

/** README.md and every page in docs/, as absolute paths. */
export function markdownFiles(): string[] {
	const pages = readdirSync(DOCS_DIR)
		.filter((name) => name.endsWith('.md'))
		.map((name) => join(DOCS_DIR, name));
	return [join(REPO_ROOT, 'README.md'), ...pages];
}

/** The lines of a page outside fenced code blocks, with inline code spans emptied. */
export function proseLines(text: string): string[] {
	const lines: string[] = [];
	let inFence = false;
	for (const line of text.split('\n')) {
		if (line.trimStart().startsWith('```')) {
			inFence = !inFence;
			continue;
		}
		if (!inFence) lines.push(line.replace(/`[^`]*`/g, '``'));
	}
	return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
	return heading
		.replace(/`/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replaceAll(' ', '-');
}

/** The anchors of a page's headings, repeated ones numbered as GitHub does (`x`, `x-1`, …). */
export function anchors(path: string): Set<string> {
	const seen = new Map<string, number>();
	const found = new Set<string>();
	let inFence = false;
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		if (line.trimStart().startsWith('```')) inFence = !inFence;
		const heading = inFence ? null : /^#{1,6} (.+)$/.exec(line);
		if (!heading) continue;
		// A link in a heading counts by its text.
		const base = slug(heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		found.add(count === 0 ? base : `${base}-${count}`);
	}
	return found;
}

/** Every link and image target of a page outside code: `[text](target)`, `![alt](target)`. */
export function linkTargets(path: string): string[] {
	const text = readFileSync(path, 'utf8');
	return proseLines(text).flatMap((line) =>
		[...line.matchAll(/\]\(([^()\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1]),
	);
}

/** Whether a link leaves the repository's files (another site, an e-mail address). */
export const isExternal = (target: string): boolean => /^[a-z][a-z+.-]*:/i.test(target);

/** The first ```bash block after a marker, as the by-hand install test reads it. */
export function bashBlockAfter(path: string, marker: string): string | undefined {
	const text = readFileSync(path, 'utf8');
	const at = text.indexOf(marker);
	if (at < 0) return undefined;
	return /```bash\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
}
