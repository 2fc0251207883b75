// The little of Node's API the client tests use, declared here so that the
// pinned TypeScript needs no @types package.
declare const process: { readonly argv: readonly string[]; exitCode: number | undefined; exit(code: number): never };
declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void };
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function fetch(url: string, init?: unknown): Promise<{ readonly status: number; text(): Promise<string> }>;
