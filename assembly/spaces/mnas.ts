// Accel-NASBench MnasNet/EfficientNet-style space: 7 blocks, each with 4 genes
// (gene 4*block + {0: expansion index in (1, 4, 6), 1: kernel index in (3, 5),
//  2: layers - 1 (1..3; block 5: 1..4), 3: squeeze-excite 0 = off, 1 = on}).
// Every config is trained as its own network, so this is a choice-list space whose genes differ in
// cardinality: kernels in ./choiceList.ts (43 moves, Hamming distance, canonical = genome).

/** Choice-list table (layout in ./choiceList.ts): 28 genes, one row per block (expansion, kernel, layers, SE). */
export const MNAS_TABLE: usize = memory.data<u8>([
  28, 0, // cardinalities differ
  3, 2, 3, 2,
  3, 2, 3, 2,
  3, 2, 3, 2,
  3, 2, 3, 2,
  3, 2, 3, 2,
  3, 2, 4, 2, // block 5 may repeat its layer 4 times
  3, 2, 3, 2,
]);
