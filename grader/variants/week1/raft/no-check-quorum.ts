/**
 * Fair variant: the reference Raft without check quorum, which the stub calls optional ("Going
 * further"). A leader cut off on the minority side of 1,2|3,4,5 then keeps believing it leads,
 * which is correct Raft: it can never commit. This file must score full marks; a test that
 * fails it demands more than the contract does.
 */
import { RaftNode as Reference } from "../../../../solutions/week1/raft";

export class RaftNode extends Reference {
  /** Never give up leading for want of replies: only a higher term makes this leader step down. */
  protected override heardFromMajority(): boolean {
    return true;
  }
}
