export const ARTIFACTS: string;
export function ensureBuild(options?: { fixture?: boolean }): string;
export function startPlatform(options?: {
  port?: number;
  latencyMs?: number;
  failing?: string[];
}): Promise<{ url: string; kind: 'platform' | 'fixture'; close(): Promise<void> }>;
