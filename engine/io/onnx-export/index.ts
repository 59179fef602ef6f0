// ONNX export by tracing: exportOnnx / traceOnnx, and the op table behind them.

export { exportOnnx, traceOnnx, type ExportOnnxOptions, type Traceable } from './export.ts';
export { exporters, register as registerOnnxExporter, type Exporter, type OpExport } from './exporters.ts';
