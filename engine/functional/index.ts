// Functions composed from primitive ops: their gradients come for free from the ops they use.

export {};
// --- activations ---
// --- reductions and softmax family ---
// --- shape and indexing ---
// --- neural-network functions ---
// --- losses ---
