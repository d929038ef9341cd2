export function pgliteWasmModule(fromDir: string): Promise<WebAssembly.Module | undefined>;
