// Which build of the wasm kernels to load: 'portable' (SIMD128; the same bits on every host) or
// 'relaxed' (relaxed SIMD: fused multiply-add in the matmul micro-kernel, faster, last bits differ).
// 'auto' takes relaxed where the host's WebAssembly validates a relaxed instruction. No loading here.

import { ValueError } from '../../errors.ts';

export const WASM_KERNEL_CHOICES = ['auto', 'portable', 'relaxed'] as const;
export type WasmKernelsChoice = (typeof WASM_KERNEL_CHOICES)[number];
/** A build of the kernels: what 'auto' resolves to on a given host. */
export type WasmKernels = 'portable' | 'relaxed';

// The smallest module that needs relaxed SIMD: (func (param v128 v128 v128) (result v128)
// local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd). Hosts without it fail validation.
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type section: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b, // code: …, f32x4.relaxed_madd (0xfd 0x105), end
]);

/** Whether this host's WebAssembly has relaxed SIMD (Chromium; Node ≥ 22, or 20 with --experimental-wasm-relaxed-simd). */
export function relaxedSimdSupported(): boolean {
  try {
    return typeof WebAssembly !== 'undefined' && WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** `value` as a choice, or a ValueError from `where` naming the allowed ones. */
export function checkKernelsChoice(where: string, value: unknown): WasmKernelsChoice {
  if (typeof value === 'string' && (WASM_KERNEL_CHOICES as readonly string[]).includes(value)) return value as WasmKernelsChoice;
  throw new ValueError(`${where}: unknown wasm kernels ${JSON.stringify(value)}; choose one of ${WASM_KERNEL_CHOICES.map((c) => `'${c}'`).join(', ')}`);
}

/** The build a choice means on this host; 'relaxed' where the host lacks it is a ValueError (no silent fallback). */
export function resolveKernels(where: string, choice: WasmKernelsChoice): WasmKernels {
  if (choice === 'portable') return 'portable';
  const relaxed = relaxedSimdSupported();
  if (choice === 'relaxed' && !relaxed) {
    throw new ValueError(`${where}: 'relaxed' kernels need WebAssembly relaxed SIMD, which this host lacks `
      + "(Node before 22 needs the flag --experimental-wasm-relaxed-simd); use 'auto' or 'portable'");
  }
  return relaxed ? 'relaxed' : 'portable';
}

/** The choice in Node's environment variable GRADSCHOOL_WASM_KERNELS, else 'auto' (also in browsers). */
export function kernelsChoiceFromEnv(): WasmKernelsChoice {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.GRADSCHOOL_WASM_KERNELS;
  return value === undefined || value === '' ? 'auto' : checkKernelsChoice('GRADSCHOOL_WASM_KERNELS', value);
}
