import { describe, expect, it } from 'vitest';
import { endOffsetFor, endOffsetFor011, newReplica } from '../../src/sim/kafka/log';
import { truncationOffset } from '../../src/sim/kafka/follower';
import type { ReplicaState } from '../../src/sim/kafka/types';

/**
 * Checked against apache/kafka LeaderEpochFileCache.endOffsetFor (storage/.../epoch), the 0.11.0
 * LeaderEpochFileCache and ReplicaFetcherThread.maybeTruncate, and
 * AbstractFetcherThread.getOffsetTruncationState.
 */
const cache = (epochs: [number, number][]): ReplicaState => ({ ...newReplica('orders-0'), epochs });

describe('LeaderEpochFileCache.endOffsetFor', () => {
  const r = cache([[2, 10], [4, 30]]);
  it('answers the LEO for the latest epoch and the next epoch start for an earlier one', () => {
    expect(endOffsetFor(r, 4, 50)).toEqual([4, 50]);
    expect(endOffsetFor(r, 3, 50)).toEqual([2, 30]);
  });
  it('answers (requested, first epoch start) for an epoch older than every cached one', () => {
    expect(endOffsetFor(r, 1, 50)).toEqual([1, 10]);
  });
  it('answers UNDEFINED for epoch -1 and for an epoch newer than every cached one', () => {
    expect(endOffsetFor(r, -1, 50)).toEqual([-1, -1]);
    expect(endOffsetFor(r, 5, 50)).toEqual([-1, -1]);
  });
  it('0.11: UNDEFINED (-1) for an epoch older than the first one, the next start otherwise', () => {
    expect(endOffsetFor011(r, 1, 50)).toBe(-1);
    expect(endOffsetFor011(r, 2, 50)).toBe(30);
    expect(endOffsetFor011(r, 4, 50)).toBe(50);
  });
});

describe('AbstractFetcherThread.getOffsetTruncationState', () => {
  const follower = cache([[1, 0], [3, 20]]);
  it('an undefined leader end offset keeps the log', () => {
    expect(truncationOffset(follower, { epoch: -1, endOffset: -1 }, 40)).toBe(40);
  });
  it('a leader epoch the follower knows: the smaller of the two ends', () => {
    expect(truncationOffset(follower, { epoch: 1, endOffset: 15 }, 40)).toBe(15);
    expect(truncationOffset(follower, { epoch: 1, endOffset: 25 }, 40)).toBe(20);
  });
  it('a leader epoch the follower does not know: its own end of the largest earlier epoch, then ask again', () => {
    // Leader says epoch 2 ends at 12; the follower never had epoch 2, its epoch 1 ends at 20.
    expect(truncationOffset(follower, { epoch: 2, endOffset: 12 }, 40)).toBe(20);
  });
  it('an epoch older than all of the follower\'s: the start of its first epoch', () => {
    expect(truncationOffset(cache([[3, 5]]), { epoch: 1, endOffset: 7 }, 40)).toBe(5);
  });
  it('a follower with no epoch cache: the leader\'s end offset', () => {
    expect(truncationOffset(cache([]), { epoch: 1, endOffset: 7 }, 40)).toBe(7);
  });
});
