// FairNAS supernet: 19 searchable MBConv layers, each one of 6 choices, one gene per layer:
// choice = 3 * (expansion == 6) + (kernel - 3) / 2, i.e. 0 k3e3, 1 k5e3, 2 k7e3, 3 k3e6, 4 k5e6, 5 k7e6
// (the ids of FairNAS's model_meta lists).
// A choice-list space: kernels in ./choiceList.ts (95 moves, Hamming distance, canonical = genome).

/** Choice-list table (layout in ./choiceList.ts): 19 layers x 6 choices. */
export const FAIRNAS_TABLE: usize = memory.data<u8>([
  19, 6,
  6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
]);
