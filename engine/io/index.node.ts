// Node-only file helpers for everything in io/: import from here in Node code (tests, examples,
// CLI), never from code that must also run in a browser.

export * from './safetensors.node.ts';
export * from './checkpoint.node.ts';
export * from './onnx-export/export.node.ts';
