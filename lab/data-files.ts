// The dataset files a DataSource may ask for, by path under the data root; the lab server serves
// exactly these under /data/. Kept apart from the parsing so the server need not load the engine.

export const dataFiles = {
  mnist: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) => `mnist/${f}`),
  sklearn: ['iris.csv', 'wine_data.csv', 'breast_cancer.csv', 'digits.csv.gz', 'diabetes_data_raw.csv.gz', 'diabetes_target.csv.gz'].map((f) => `sklearn/${f}`),
} as const;
