import { describe, expect, it } from 'vitest';
import { pageInLanguage, preloadsInLanguage } from './one-language-assets';

/** A member's message that quotes the kit's own markup, as text and as data. */
const QUOTE = 'import("./_app/immutable/entry/start.js") <link href="./_app/immutable/x.css">';

/** A page as the kit renders it (paths relative), with the member's quote in the body and data. */
const page = `<!doctype html>
<html lang="my">
	<head>
		<link href="../_app/immutable/assets/0.D5WdTYJ_.css" rel="stylesheet">
	</head>
	<body>
		<p>import("./_app/immutable/entry/start.js") &lt;link href="./_app/immutable/x.css"></p>
		<script nonce="abc">
			Promise.all([
				import("../_app/immutable/entry/start.Bl2TA01f.js"),
				import("../_app/immutable/entry/app.C_K94POS.js")
			]).then(([kit, app]) => {
				kit.start(app, element, { data: [{text:${JSON.stringify(QUOTE)}}] });
			});
		</script>
	</body>
</html>`;

describe('pageInLanguage', () => {
	it("points the kit's stylesheet and start-up imports at the language's copy", () => {
		const moved = pageInLanguage(page, 'my');
		expect(moved).toContain('<link href="../_app/immutable/my/assets/0.D5WdTYJ_.css"');
		expect(moved).toContain('import("../_app/immutable/my/entry/start.Bl2TA01f.js")');
		expect(moved).toContain('import("../_app/immutable/my/entry/app.C_K94POS.js")');
		expect(moved.match(/_app\/immutable\/my\//g)).toHaveLength(3);
	});

	it("leaves a member's text that quotes those paths as it was written", () => {
		const moved = pageInLanguage(page, 'th');
		expect(moved).toContain(
			'<p>import("./_app/immutable/entry/start.js") &lt;link href="./_app/immutable/x.css"></p>'
		);
		expect(moved).toContain(JSON.stringify(QUOTE));
	});

	it('changes nothing in a page without the kit’s script (a streamed part, the error page)', () => {
		const part = '<p>import("./_app/immutable/entry/start.js")</p>';
		expect(pageInLanguage(part, 'km')).toBe(part);
	});
});

describe('preloadsInLanguage', () => {
	it('moves every preload of the link header', () => {
		const header =
			'<./_app/immutable/assets/0.css>; rel="preload"; as="style"; nopush, ' +
			'<../_app/immutable/entry/start.js>; rel="modulepreload"; nopush';
		expect(preloadsInLanguage(header, 'lo')).toBe(
			'<./_app/immutable/lo/assets/0.css>; rel="preload"; as="style"; nopush, ' +
				'<../_app/immutable/lo/entry/start.js>; rel="modulepreload"; nopush'
		);
	});
});
