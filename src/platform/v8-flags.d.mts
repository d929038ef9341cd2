export function applyV8Flags(): void;
