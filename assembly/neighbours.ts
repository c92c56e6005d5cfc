import { STATUS_BAD_SPACE, STATUS_CAPACITY, STATUS_TABLE_FULL, STATUS_NO_VALID_MOVE, STATUS_BAD_ARGUMENT, rngSeed, rngBelow, streamState, hashBytes, copyGenome } from "./common";
import { SPACE_NB101, genomeLength, moveCount, applyMove, canonicalize, editDistance } from "./spaces/dispatch";
import { nb101WalkFrom, nb101WalkNeighbour } from "./spaces/nb101";
import { dedupInsertOne } from "./dedup";

const MAX_MOVE_TRIES: i32 = 256;
const BALL_HASH_SEED: u64 = 0x452821e638d01377;

const MAX_WALK_RETRIES: i32 = 16;

/**
 * Random-walk neighbours: for seed genome i (of `count` canonical genomes at `seeds`), `perSeed` walks
 * of a length drawn uniformly from 1..radius, each step a uniformly drawn valid move. The distance from
 * the seed to the walk's end as reached is written to distance[i * perSeed + j] (u8), then the end is
 * canonicalised and written out. A walk that returns to the seed (distance 0) or strays past the radius
 * is redrawn up to MAX_WALK_RETRIES times; the host drops the rare remaining misses by their distance.
 * Walk j of seed i draws from the stream (seed, stream, firstIndex + i, j): results do not depend on how
 * the host chunks the seeds. scratch: 2 x genomeLength bytes. Called once per chunk of seeds.
 * NB101 runs the same walk in nb101WalkNeighbour (same draws, moves, distances and outputs).
 */
export function walkNeighbours(space: i32, seeds: usize, count: i32, radius: i32, perSeed: i32,
  seed: u64, stream: u64, firstIndex: u64, out: usize, distance: usize, scratch: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  if (radius < 1 || perSeed < 0) return STATUS_BAD_ARGUMENT;
  const moves = <u32>moveCount(space);
  const other = scratch + <usize>length;
  for (let i = 0; i < count; i++) {
    const origin = seeds + <usize>(i * length);
    if (space == SPACE_NB101) nb101WalkFrom(origin);
    for (let j = 0; j < perSeed; j++) {
      rngSeed(streamState(seed ^ stream, firstIndex + <u64>i, <u64>j));
      let d = 0;
      if (space == SPACE_NB101) {
        // The same draws and moves on NB101's adjacency word, the exact distance mostly from bounds
        // (the loop below spends its time on gene bytes and the relabelling search).
        d = nb101WalkNeighbour(radius, MAX_MOVE_TRIES, MAX_WALK_RETRIES, scratch); // canonical end
        if (d < 0) return STATUS_NO_VALID_MOVE;
      } else {
        for (let attempt = 0; attempt < MAX_WALK_RETRIES; attempt++) {
          const steps = 1 + <i32>rngBelow(<u32>radius);
          copyGenome(scratch, origin, length);
          for (let s = 0; s < steps; s++) {
            let moved = false;
            for (let t = 0; t < MAX_MOVE_TRIES; t++) {
              if (applyMove(space, scratch, other, <i32>rngBelow(moves))) { moved = true; break; }
            }
            if (!moved) return STATUS_NO_VALID_MOVE;
            copyGenome(scratch, other, length);
          }
          // Distance of the walk's end as reached (raw), as the space defines it.
          d = editDistance(space, origin, scratch);
          if (d >= 1 && d <= radius) break;
        }
        canonicalize(space, scratch);
      }
      const index = i * perSeed + j;
      copyGenome(out + <usize>(index * length), scratch, length);
      store<u8>(distance + <usize>index, <u8>min(d, 255));
    }
  }
  return count * perSeed;
}

/**
 * Exact ball: every genome reachable from `origin` in at most `radius` valid moves, breadth first,
 * as raw (not canonicalised) genomes; depth[i] = number of moves. Writes at most `capacity` genomes
 * and returns the count, or STATUS_CAPACITY when the ball is larger. table: tableCapacity u64 slots
 * (power of two, zeroed by the host). Called once per origin (`neighbours --all`, small spaces).
 */
export function enumerateBall(space: i32, origin: usize, radius: i32, out: usize, depth: usize, capacity: i32,
  table: usize, tableCapacity: i32): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  if (radius < 0 || capacity < 1 || tableCapacity <= 0 || (tableCapacity & (tableCapacity - 1)) != 0) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(tableCapacity - 1);
  const moves = moveCount(space);
  memory.copy(out, origin, length);
  store<u8>(depth, 0);
  dedupInsertOne(table, mask, hashBytes(origin, length, BALL_HASH_SEED));
  let count = 1;
  let levelStart = 0;
  for (let d = 1; d <= radius; d++) {
    const levelEnd = count;
    for (let i = levelStart; i < levelEnd; i++) {
      const src = out + <usize>(i * length);
      for (let k = 0; k < moves; k++) {
        if (count >= capacity) return STATUS_CAPACITY;
        const dst = out + <usize>(count * length);
        if (!applyMove(space, src, dst, k)) continue;
        const added = dedupInsertOne(table, mask, hashBytes(dst, length, BALL_HASH_SEED));
        if (added < 0) return STATUS_TABLE_FULL;
        if (added == 1) {
          store<u8>(depth + <usize>count, <u8>d);
          count++;
        }
      }
    }
    levelStart = levelEnd;
  }
  return count;
}
