// Node-only data loaders: they read MNIST, Fashion-MNIST, Moby-Dick and the vendored sklearn
// tables from disk. Import from tests, examples and the CLI — never from code that runs in a browser.

export { loadMnist, loadFashionMnist, fashionMnistFiles, fashionMnistDir, fashionMnistInstall, type MnistOptions } from './mnist.node.ts';
export { loadIris, loadWine, loadBreastCancer, loadDigits, loadDiabetes } from './sklearn.node.ts';
export { loadMobyDick } from './moby-dick.node.ts';
