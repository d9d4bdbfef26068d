import { dev, version } from '$app/environment';
import { STANDALONE_SCRIPTS, standaloneFile, type StandaloneScript } from './standalone-scripts';

/** The address of a script apart from the framework, in the reader's language's copy of the build. */
export function standaloneScript(name: StandaloneScript, locale: string): string {
	if (dev) return `/${STANDALONE_SCRIPTS[name]}`;
	return `/_app/immutable/${locale}/${standaloneFile(name)}?v=${encodeURIComponent(version)}`;
}
