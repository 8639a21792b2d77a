/**
 * Reads a `json` node parameter: n8n hands it over as text, or as a value when it was written as
 * an expression. The parse problem is returned, not thrown, so each node raises its own error
 * naming the parameter; the text itself never goes into a message (it may be confidential).
 */
export function readJsonParameter(value: unknown): { value: unknown } | { problem: string } {
	if (typeof value !== 'string') return { value };
	try {
		return { value: JSON.parse(value) as unknown };
	} catch (error) {
		// V8 quotes the start of the text ('…, "{"a": x}" is not valid JSON'): keep it out.
		return { problem: (error as Error).message.replace(/, ".*" is not valid JSON$/s, '') };
	}
}
