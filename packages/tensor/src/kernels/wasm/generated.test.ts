import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GEMM_WASM_BASE64, GEMM_WASM_INPUT_HASH } from './gemm-module.generated';

const packageDir = new URL('../../../', import.meta.url);

/** Same recipe as scripts/build-wasm.mjs: source, build script, compiler version, LF endings. */
function inputHash(sourcePath: string): string {
  const hash = createHash('sha256');
  for (const path of [sourcePath, 'scripts/build-wasm.mjs']) {
    hash.update(readFileSync(new URL(path, packageDir), 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  const require = createRequire(import.meta.url);
  hash.update(require('assemblyscript/package.json').version as string);
  return hash.digest('hex');
}

describe('generated wasm modules', () => {
  it('were built from the current assembly source (else run `pnpm build:wasm`)', () => {
    expect(GEMM_WASM_INPUT_HASH).toBe(inputHash('assembly/gemm.ts'));
  });

  it('hold a valid SIMD module exporting the GEMM kernel and importing its memory', () => {
    const bytes = Uint8Array.from(Buffer.from(GEMM_WASM_BASE64, 'base64'));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const module = new WebAssembly.Module(bytes);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    ).toEqual([
      'gemmPacked',
      'gemmPanelTask',
      'packAColumns',
      'packARows',
      'packBColumns',
      'packBRows',
    ]);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
  });
});
