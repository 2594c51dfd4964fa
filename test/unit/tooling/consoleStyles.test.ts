import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

import { PROJECT_ROOT } from '../../../workspace/projectPaths';

// The console's colours are a palette of custom properties declared in `:root`; every other rule
// uses them through var(). This is the lint for it: a literal colour anywhere else fails here.

const CONSOLE_DIR = join(PROJECT_ROOT, 'workspace', 'console');
const STYLESHEETS = readdirSync(CONSOLE_DIR).filter((name) => name.endsWith('.css'));

// CSS named and system colours; transparent, currentColor and inherit are not colours of their own.
const NAMED_COLOURS = new Set(
	(
		'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue ' +
		'chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey ' +
		'darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray ' +
		'darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen ' +
		'fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
		'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen ' +
		'lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime ' +
		'limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue ' +
		'mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
		'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum ' +
		'powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
		'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow ' +
		'yellowgreen accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext field fieldtext ' +
		'graytext highlight highlighttext linktext mark marktext selecteditem selecteditemtext visitedtext'
	).split(' '),
);

// A hex colour, a colour function, or a bare word (kept when it names a colour).
const CANDIDATE = /#[0-9a-f]{3,8}(?![-\w])|(?<![-\w])(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^)]*\)|(?<![-\w#])[a-z]+(?![-\w(])/gi;

// A declaration: `property: value` ending at `;` or `}` (selectors and at-rule preludes end at `{`).
const DECLARATION = /([-\w]+)\s*:([^;{}]*)(?=[;}])/g;

const ROOT_RULE = /(?<![^\s}]):root\s*\{[^{}]*\}/g;

/** Spaces out a match but keeps its line breaks, so that offsets, and so line numbers, hold. */
const blank = (text: string) => text.replace(/[^\n]/g, ' ');

/** The CSS without comments and strings, where no colour counts. */
const code = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/'[^'\n]*'|"[^"\n]*"/g, blank);

/** Every literal colour outside the `:root` rule, as `line N: colour in "property: value"`. */
function literalColoursOutsideRoot(css: string): string[] {
	const source = code(css).replace(ROOT_RULE, blank);
	const found: string[] = [];
	for (const declaration of source.matchAll(DECLARATION)) {
		const [, property, value] = declaration;
		const valueStart = (declaration.index ?? 0) + declaration[0].length - value.length;
		for (const candidate of value.matchAll(CANDIDATE)) {
			const literal = candidate[0];
			if (/^[a-z]+$/i.test(literal) && !NAMED_COLOURS.has(literal.toLowerCase())) continue;
			const line = source.slice(0, valueStart + (candidate.index ?? 0)).split('\n').length;
			found.push(`line ${line}: ${literal} in "${property}: ${value.trim()}"`);
		}
	}
	return found;
}

describe('the console stylesheets', () => {
	const sheets = new Map(STYLESHEETS.map((name) => [name, readFileSync(join(CONSOLE_DIR, name), 'utf8')]));

	it('are the ones the page links', () => {
		const page = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
		expect([...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]).sort()).toEqual([...STYLESHEETS].sort());
	});

	it.each(STYLESHEETS)('%s uses colours only through the custom properties of :root', (name) => {
		expect(literalColoursOutsideRoot(sheets.get(name) as string)).toEqual([]);
	});

	it('use no custom property that :root does not declare', () => {
		const all = [...sheets.values()].map(code).join('\n');
		const root = all.match(ROOT_RULE)?.join('\n') ?? '';
		const declared = new Set([...root.matchAll(/(--[-\w]+)\s*:/g)].map((match) => match[1]));
		const used = new Set([...all.matchAll(/var\(\s*(--[-\w]+)/g)].map((match) => match[1]));
		expect(declared.size).toBeGreaterThan(10);
		expect([...used].filter((name) => !declared.has(name))).toEqual([]);
	});

	it('finds hex, functional and named colours outside :root, and nothing else', () => {
		const sample = [
			':root {',
			'\t--ink: #1f2329;',
			'\tcolor: black;',
			'}',
			'#user-form .badge, a:hover {',
			'\tcolor: var(--ink);',
			'\twhite-space: nowrap;',
			'\tborder: 1px solid transparent;',
			"\tfont-family: 'Red Hat', sans-serif; /* not #fff */",
			'\tbackground: #FFF;',
			'\tbox-shadow: 0 1px 2px rgba(0, 0, 0, 0.25), 0 0 1px hsl(0 0% 0%);',
			'\toutline-color: White;',
			'}',
			'@keyframes flash {',
			'\tfrom {',
			'\t\tbackground: tomato',
			'\t}',
			'}',
		].join('\n');
		expect(literalColoursOutsideRoot(sample)).toEqual([
			'line 10: #FFF in "background: #FFF"',
			'line 11: rgba(0, 0, 0, 0.25) in "box-shadow: 0 1px 2px rgba(0, 0, 0, 0.25), 0 0 1px hsl(0 0% 0%)"',
			'line 11: hsl(0 0% 0%) in "box-shadow: 0 1px 2px rgba(0, 0, 0, 0.25), 0 0 1px hsl(0 0% 0%)"',
			'line 12: White in "outline-color: White"',
			'line 16: tomato in "background: tomato"',
		]);
	});
});
