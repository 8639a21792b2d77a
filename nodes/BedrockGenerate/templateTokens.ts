/**
 * The pieces a request body template is made of (text and {{placeholders}}), and where each
 * piece of the rendered body came from, so an error in the body points at the template.
 */
export interface Literal {
	kind: 'literal';
	start: number;
	end: number;
}

export interface Placeholder {
	kind: 'placeholder';
	name: string;
	/** True when the placeholder stands inside a JSON string literal of the template. */
	inString: boolean;
	start: number;
	end: number;
}

export type Token = Literal | Placeholder;

/** Where each part of the rendered text came from, to map a JSON error back to the template. */
export interface Piece {
	token: Token;
	renderedStart: number;
	renderedEnd: number;
}

export function position(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text[i] === '\n') {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}
