import type { UserConfig } from 'vitest/config';

export function convkitVitestConfig(overrides?: UserConfig): UserConfig;
