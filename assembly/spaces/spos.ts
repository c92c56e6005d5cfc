// SPOS (Single Path One-Shot) ShuffleNetV2 supernet: 20 choice blocks, each one of 4 choices
// (0 ShuffleNet 3x3, 1 ShuffleNet 5x5, 2 ShuffleNet 7x7, 3 Shuffle-Xception), one gene per block.
// A choice-list space: kernels in ./choiceList.ts (60 moves, Hamming distance, canonical = genome).

/** Choice-list table (layout in ./choiceList.ts): 20 blocks x 4 choices. */
export const SPOS_TABLE: usize = memory.data<u8>([
  20, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
]);
