export {
	ConfigError,
	PROJECT_NAME,
	configDir,
	isConfigError,
	openStore,
	type ConfigLocation,
	type Env,
	type Settings,
	type SettingsStore,
} from './store.js';
export {
	BASE_URL_ENV,
	TOKEN_ENV,
	describeBaseUrlSource,
	describeTokenSource,
	maskToken,
	normalizeToken,
	resolveSettings,
	type BaseUrlSource,
	type ResolvedSettings,
	type SettingFlags,
	type TokenSource,
} from './resolve.js';
