// The little of Node's API the cross-language driver uses, declared here so
// that the pinned TypeScript needs no @types package.
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function writeFileSync(path: string, data: string): void;
}
declare const process: { readonly argv: readonly string[] };
