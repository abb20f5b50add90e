export function snapshotName(nodeBinary?: string): string;
export function buildCurrent(root: string): boolean;
