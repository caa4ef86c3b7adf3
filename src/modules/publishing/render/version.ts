/**
 * The renderer's version: what a stored rendering was made by. It is part of every stored
 * artifact's key (with APP_URL's origin, `artifactKey()` in server/artifacts.ts) and of every
 * rendered surface's ETag, so that a release that renders the public surfaces differently (a
 * design, a translation, a fix) reaches every tenant without a new publication: the worker finds
 * each live publication lacking this version's artifacts and renders them ahead of visitors
 * (`maintainArtifacts`, up to 1,000 organisations a minute; a visitor before that gets a render
 * of their own), browsers holding the old bytes get a 200 rather than a 304, and the older
 * version's rows are deleted a day later (`candor_artifacts_prune_keys`), long enough for a
 * rolling deploy's older processes to finish.
 *
 * Change it with any change to what the page, changelog, verify page, feed or security.txt
 * render. `tests/unit/renderer-version.test.ts` fails when the renderings of its fixed datasets
 * change while this value does not (trust.json is the signed document itself: its bytes and ETag
 * do not depend on the renderer).
 */
export const RENDERER_VERSION = "r1";
