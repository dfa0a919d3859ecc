// Types of scripts/setup.mjs (plain Node: it runs before node_modules exists) for the TypeScript scripts using it.
export function run(cmd: string, args: string[], opts?: object): number;
export function ensureDependencies(): void;
export function ensureDemo(): void;
export function ensureCity(dir: string, scale: 'small' | 'city' | 'zhengzhou', options?: { remakeWhenStale?: boolean }): void;
export function ensureServerDb(dbDir: string, cityDir?: string): { adminPassword: string | null };
