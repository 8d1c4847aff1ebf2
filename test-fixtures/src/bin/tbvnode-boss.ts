// Placeholder until the real CLI lands (below in this package's history).
export {};
