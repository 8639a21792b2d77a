/**
 * Headless Chromium on the n8n editor, for the screenshots and the editor e2e tests: the Chromium
 * scripts/lib/provision.ts provides (a build shipped inside an npm package, Debian's as the
 * fallback; playwright-core downloads no browser), a fresh profile per run, every request off
 * 127.0.0.1 blocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Locator, Page } from 'playwright-core';

import { toolPath } from './provision';

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Closes the browser and removes its profile. */
	close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
	const executablePath = await toolPath('chromium');
	const { chromium } = await import('playwright-core');
	const profile = mkdtempSync(join(tmpdir(), 'bedrock-iam-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: ['--no-sandbox'],
		viewport,
		colorScheme: 'light',
		locale: 'en-US',
	});
	await context.route('**/*', (route) => {
		const { hostname } = new URL(route.request().url());
		return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort();
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

export async function login(
	page: Page,
	url: string,
	owner: { email: string; password: string },
): Promise<void> {
	await page.goto(`${url}/signin`);
	await page
		.locator('input[name="emailOrLdapLoginId"], input[type="email"]')
		.first()
		.fill(owner.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(owner.password);
	await page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
}

export async function closeToasts(page: Page): Promise<void> {
	for (const close of await page.locator('.el-notification__closeBtn').all())
		await close.click().catch(() => {});
}

/** Lets fonts, icons and transitions finish before a screenshot. */
export async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(800);
}

/** The node creator opened on a workflow's canvas, searched for `query`: the names it lists. */
export async function searchNodeCreator(page: Page, query: string): Promise<string[]> {
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	const input = (await search.locator('input').count()) ? search.locator('input') : search;
	await input.fill('');
	await input.fill(query);
	await page.waitForTimeout(600);
	return (await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).map((t) =>
		t.trim(),
	);
}

/**
 * Opens a workflow from another one as the editor's own links do, through its router, without
 * reloading (the app boots in 3–4 s on 2 cores); anything else (from another page, or the same
 * workflow again, for a fresh start) by loading the address.
 */
export async function openInEditor(page: Page, address: string): Promise<void> {
	const target = new URL(address);
	const current = new URL(page.url());
	const workflow = (url: URL) => url.pathname.startsWith('/workflow/');
	const routed =
		current.origin === target.origin &&
		workflow(current) &&
		workflow(target) &&
		current.pathname !== target.pathname &&
		(await page.evaluate(async (path) => {
			// Runs in the page; this file is compiled without the DOM's types.
			type Routed = { __vue_app__?: { config: { globalProperties: Record<string, unknown> } } };
			const win = globalThis as unknown as { document: { querySelector(s: string): unknown } };
			const app = (win.document.querySelector('#app') as Routed | null)?.__vue_app__;
			const router = app?.config.globalProperties.$router as
				| { push(to: string): Promise<unknown> }
				| undefined;
			if (!router) return false;
			await router.push(path);
			return true;
		}, target.pathname + target.search));
	if (!routed) await page.goto(address);
}

/**
 * Opens a workflow and its node creator, as its + button does. On the workflow already open, the
 * creator left open is closed first (Escape, as a user does) instead of loading the page again.
 */
export async function openNodeCreator(page: Page, url: string, workflowId: string): Promise<void> {
	const address = `${url}/workflow/${workflowId}`;
	if (new URL(page.url()).pathname === new URL(address).pathname) {
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor({ state: 'hidden' });
	} else {
		await openInEditor(page, address);
	}
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
}

/** Opens a section of the open node creator (AI, Other AI Nodes, Retrievers …) by its name. */
export async function openNodeCreatorSection(page: Page, name: string): Promise<void> {
	await page
		.locator('[data-test-id="item-iterator-item"]')
		.filter({ has: page.getByText(name, { exact: true }) })
		.first()
		.click();
	await page.waitForTimeout(500);
}

/**
 * Runs the workflow open in the editor by its Execute button until `started` says it ran (a click
 * while the editor still loads the workflow can be lost), then waits for `finished`.
 */
export async function executeInEditor(
	page: Page,
	started: () => boolean,
	finished: () => boolean,
): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => {});
	const execute = page.locator('[data-test-id="execute-workflow-button"]').first();
	for (let attempt = 0; attempt < 3 && !started(); attempt++) {
		await execute.click();
		await waitUntil(started, 20_000).catch(() => {});
	}
	await waitUntil(finished, 60_000);
}

/** Opens a node's entry in the editor's logs panel: the locators of its input and output. */
export async function openLogEntry(
	page: Page,
	nodeName: string,
): Promise<{ input: Locator; output: Locator }> {
	const overview = page.locator('[data-test-id="logs-overview-body"]');
	if (!(await overview.isVisible())) {
		await page.locator('[data-test-id="logs-overview-header"]').first().click();
		await page.waitForTimeout(1000);
	}
	const entry = overview.getByText(nodeName, { exact: true }).first();
	await entry.waitFor({ timeout: 30_000 });
	await entry.click();
	await page.locator('[data-test-id="log-details"]').getByText(nodeName).first().waitFor();
	return {
		input: page.locator('[data-test-id="log-details-input"]'),
		output: page.locator('[data-test-id="log-details-output"]'),
	};
}

/** Polls `done` every 200 ms until it holds; throws after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!done()) {
		if (Date.now() > until) throw new Error(`Not done within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * Opens a node's resource locator list and reads every entry's name: waits for the first entry,
 * then reads (scrolling, for lists that page in) until three reads agree.
 */
export async function readPickerList(page: Page): Promise<string[]> {
	const items = page.locator('[data-test-id="rlc-item"]');
	await page.locator('[data-test-id="rlc-input"]').first().click();
	await items.first().waitFor({ timeout: 30_000 });
	let names: string[] = [];
	for (let stable = 0; stable < 3; ) {
		await page.waitForTimeout(700);
		await items
			.last()
			.scrollIntoViewIfNeeded({ timeout: 5_000 })
			.catch(() => {});
		const read = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
		stable = read.length > 0 && read.join('\n') === names.join('\n') ? stable + 1 : 0;
		names = read;
	}
	return names;
}
